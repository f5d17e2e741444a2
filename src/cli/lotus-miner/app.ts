/** The `lotus-miner` command tree. */
import { MINER_BUILD_VERSION } from '../../miner/repo/config.ts'
import type { App } from '../framework/command.ts'
import { actorCmd } from './actor.ts'
import { backupCmd } from './backup.ts'
import { authCmd, versionCmd } from './common.ts'
import { MINER_GLOBAL_FLAGS } from './flags.ts'
import { infoCmd } from './info.ts'
import { initCmd } from './init.ts'
import { provingCmd } from './proving.ts'
import { runCmd, stopCmd } from './run.ts'
import { sealingCmd } from './sealing.ts'
import { sectorsCmd } from './sectors.ts'
import { storageCmd } from './storage.ts'

export const minerApp: App = {
  name: 'lotus-miner',
  usage: 'Filecoin decentralized storage network miner',
  version: MINER_BUILD_VERSION,
  flags: MINER_GLOBAL_FLAGS,
  commands: [
    initCmd,
    runCmd,
    stopCmd,
    authCmd,
    infoCmd,
    actorCmd,
    sectorsCmd,
    storageCmd,
    sealingCmd,
    provingCmd,
    backupCmd,
    versionCmd,
  ],
}
