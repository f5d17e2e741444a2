/** The Worker API methods (../api/worker/index.ts) over a LocalWorker. */
import type { Handlers } from '../api/server/dispatch.ts'
import type { ApiStoragePath } from '../api/worker/types.ts'
import type { WorkerMethods } from '../api/worker/index.ts'
import { callFromApi, infoToApi, workerCallToApi } from './api-convert.ts'
import type { LocalWorker } from './local-worker.ts'
import { parseTaskType, TASK_TYPES } from './task-types.ts'

export interface WorkerHandlerDeps {
  readonly worker: LocalWorker
  readonly buildVersion: string
  readonly apiVersion: number
  readonly paths: () => ApiStoragePath[]
  readonly shutdown: () => void
}

export function workerHandlers(d: WorkerHandlerDeps): Handlers<WorkerMethods> {
  const w = d.worker
  return {
    Version: () => ({ version: d.buildVersion, apiVersion: d.apiVersion, blockDelay: 0, agent: 'lotus-worker' }),
    Session: () => w.sessionId,
    Shutdown: () => {
      setImmediate(d.shutdown)
      return undefined
    },
    Info: async () => infoToApi(await w.info()),
    TaskTypes: async () => Object.fromEntries((await w.taskTypes()).map((t) => [TASK_TYPES[t].name, {}])),
    TaskEnable: (_ctx, task) => {
      w.setTaskEnabled(parseTaskType(task), true)
      return undefined
    },
    TaskDisable: (_ctx, task) => {
      w.setTaskEnabled(parseTaskType(task), false)
      return undefined
    },
    Paths: () => d.paths(),
    StartCall: async (_ctx, call) => {
      await w.start(callFromApi(call))
      return undefined
    },
    WaitCall: (_ctx, callId) => w.wait(callId),
    Calls: async () => (await w.calls()).map(workerCallToApi),
    ForgetCall: async (_ctx, callId) => {
      await w.forget(callId)
      return undefined
    },
    AbortCall: async (_ctx, callId) => {
      await w.abort(callId)
      return undefined
    },
  }
}
