/** The `lotus-seed` command tree: pre-sealing sectors for genesis miners and genesis templates. */
import { NODE_BUILD_VERSION } from '../../daemon/config.ts'
import type { App } from '../framework/command.ts'
import { genesisCmd } from './genesis.ts'
import { preSealCmd } from './pre-seal-cmd.ts'

export const lotusSeedApp: App = {
  name: 'lotus-seed',
  usage: 'Seal sectors for genesis miner',
  version: NODE_BUILD_VERSION,
  flags: [{ name: 'sector-dir', kind: 'string', default: '~/.genesis-sectors', usage: '' }],
  commands: [preSealCmd, genesisCmd],
}
