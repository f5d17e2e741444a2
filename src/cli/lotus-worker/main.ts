/** Entry point of the `lotus-worker` program (bin/lotus-worker). */
import { main } from '../framework/run.ts'
import { workerApp } from './app.ts'

await main(workerApp)
