/** Entry point of the `lotus-seed` program (bin/lotus-seed). */
import { main } from '../framework/run.ts'
import { lotusSeedApp } from './app.ts'

await main(lotusSeedApp)
