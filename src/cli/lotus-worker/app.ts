/** The `lotus-worker` command tree. */
import { WORKER_BUILD_VERSION } from '../../worker/node.ts'
import type { App } from '../framework/command.ts'
import { infoCmd, tasksCmd } from './info.ts'
import { runCmd } from './run.ts'
import { workerStorageCmd } from './storage.ts'

export const workerApp: App = {
  name: 'lotus-worker',
  usage: 'Remote miner worker',
  version: WORKER_BUILD_VERSION,
  flags: [
    {
      name: 'worker-repo',
      kind: 'string',
      usage: 'Specify worker repo path',
      aliases: ['workerrepo'],
      env: ['LOTUS_WORKER_PATH'],
      default: '~/.lotusworker',
    },
    {
      name: 'miner-repo',
      kind: 'string',
      usage: 'Specify miner repo path',
      aliases: ['storagerepo'],
      env: ['LOTUS_MINER_PATH'],
      default: '~/.lotusminer',
    },
  ],
  commands: [runCmd, infoCmd, tasksCmd, workerStorageCmd],
}
