/** The `lotus-seed` command tree (genesis templates; pre-sealing comes with the miner actor). */
import { NODE_BUILD_VERSION } from '../../daemon/config.ts'
import type { App } from '../framework/command.ts'
import { genesisCmd } from './genesis.ts'

export const lotusSeedApp: App = {
  name: 'lotus-seed',
  usage: 'Seal sectors for genesis miner',
  version: NODE_BUILD_VERSION,
  flags: [],
  commands: [genesisCmd],
}
