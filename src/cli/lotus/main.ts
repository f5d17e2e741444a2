/** Entry point of the `lotus` program (bin/lotus). */
import { main } from '../framework/run.ts'
import { lotusApp } from './app.ts'

await main(lotusApp)
