/** The `lotus` command tree: the daemon and the commands that drive it. */
import { NODE_BUILD_VERSION } from '../../daemon/config.ts'
import type { App } from '../framework/command.ts'
import { authCmd } from './auth.ts'
import { chainCmd } from './chain.ts'
import { clientCmd } from './client.ts'
import { daemonCmd } from './daemon.ts'
import { LOTUS_GLOBAL_FLAGS } from './flags.ts'
import { mpoolCmd } from './mpool.ts'
import { sendCmd } from './send.ts'
import { stateCmd } from './state.ts'
import { versionCmd } from './version.ts'
import { walletCmd } from './wallet.ts'

export const lotusApp: App = {
  name: 'lotus',
  usage: 'Filecoin decentralized storage network client',
  version: NODE_BUILD_VERSION,
  flags: LOTUS_GLOBAL_FLAGS,
  commands: [daemonCmd, authCmd, clientCmd, sendCmd, walletCmd, chainCmd, stateCmd, mpoolCmd, versionCmd],
}
