/** Entry point of the `lotus-devnet` program (bin/lotus-devnet). */
import { main } from '../framework/run.ts'
import { devnetApp } from './app.ts'

await main(devnetApp)
