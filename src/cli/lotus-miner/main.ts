/** Entry point of the `lotus-miner` program (bin/lotus-miner). */
import { main } from '../framework/run.ts'
import { minerApp } from './app.ts'

await main(minerApp)
