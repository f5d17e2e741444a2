/** Implementations of the scheduler's StorageMiner methods (../../api/miner/sched.ts). */
import type { SchedMethods } from '../../api/miner/sched.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { InvalidError } from '../../util/errors.ts'
import { schedDiag, workerJobs, workerStats } from './info.ts'
import { RemoteWorker } from './remote-worker.ts'
import type { Scheduler } from './scheduler.ts'

export interface SchedHandlerDeps {
  readonly sched: Scheduler
  /** The admin token the miner presents to workers it connects back to. */
  readonly workerToken: string
}

/** Checks a worker URL from WorkerConnect: http(s), with a host and a path. */
function checkWorkerUrl(url: string): void {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new InvalidError(`WorkerConnect: invalid worker URL '${url}'`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new InvalidError(`WorkerConnect: worker URL '${url}' must be http or https`)
  }
}

export function schedHandlers(d: SchedHandlerDeps): Handlers<typeof SchedMethods> {
  return {
    WorkerConnect: async (_ctx, url) => {
      checkWorkerUrl(url)
      const w = RemoteWorker.connect(url, d.workerToken)
      let id: string
      try {
        id = await d.sched.addWorker(w)
      } catch (err) {
        await w.close()
        throw err
      }
      if (d.sched.handle(id).worker !== w) await w.close() // already connected: the first client stays
      return undefined
    },
    WorkerStats: () => workerStats(d.sched),
    WorkerJobs: () => workerJobs(d.sched),
    SealingSchedDiag: (_ctx, doSched) => {
      if (doSched) d.sched.kick()
      return schedDiag(d.sched)
    },
    SealingAbort: async (_ctx, call) => {
      await d.sched.abort(call.id)
      return undefined
    },
  }
}
