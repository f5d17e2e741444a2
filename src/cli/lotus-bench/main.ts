/** Entry point of the `lotus-bench` program (bin/lotus-bench). */
import { main } from '../framework/run.ts'
import { lotusBenchApp } from './app.ts'

await main(lotusBenchApp)
