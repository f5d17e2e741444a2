/** The `lotus-devnet` program: one command that runs a local network. */
import { NODE_BUILD_VERSION } from '../../daemon/config.ts'
import type { App } from '../framework/command.ts'
import { runDevnet } from './run.ts'

export const devnetApp: App = {
  name: 'lotus-devnet',
  usage: 'Run a local Lotus-TS network: a daemon, genesis miners with pre-sealed sectors, and a worker',
  version: NODE_BUILD_VERSION,
  flags: [
    {
      name: 'dir',
      kind: 'string',
      default: '~/.lotus-devnet',
      usage: 'folder holding the repos (lotus/, miner/, worker/)',
    },
    { name: 'miners', kind: 'int', default: 1, usage: 'genesis miners on a new devnet (miner/, miner2/, ...)' },
    { name: 'block-time', kind: 'int', default: 4, usage: 'seconds per epoch on a new devnet' },
    {
      name: 'challenge-window',
      kind: 'int',
      default: 10,
      usage: 'epochs per proving deadline on a new devnet (a proving period is 48 of them)',
    },
  ],
  defaultCommand: 'run',
  commands: [{ name: 'run', usage: 'Start or resume the devnet (the default)', action: runDevnet }],
}
