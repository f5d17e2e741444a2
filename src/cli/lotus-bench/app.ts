/** The `lotus-bench` command tree: the tool storage providers size their hardware with. */
import { NODE_BUILD_VERSION } from '../../daemon/config.ts'
import type { App } from '../framework/command.ts'
import { sealingCmd } from './sealing.ts'

export const lotusBenchApp: App = {
  name: 'lotus-bench',
  usage: 'Benchmark performance of lotus on your hardware',
  version: NODE_BUILD_VERSION,
  flags: [],
  commands: [sealingCmd],
}
