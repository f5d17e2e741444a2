/**
 * Worker-thread entry for the sealing and proving jobs (./jobs.ts): runs the job in workerData, posts
 * progress (at most every 100 ms), then the result or the error (with its code), and exits.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { SEAL_JOBS, type SealJobName } from './jobs.ts'

const { job, args } = workerData as { job: SealJobName; args: never }
let last = 0
try {
  const fn = SEAL_JOBS[job] as (a: never, p: (f: number) => void, s: AbortSignal) => unknown
  const result = fn(
    args,
    (fraction) => {
      const now = Date.now()
      if (now - last >= 100 || fraction >= 1) {
        last = now
        parentPort?.postMessage({ type: 'progress', fraction })
      }
    },
    new AbortController().signal, // cancellation terminates the thread
  )
  parentPort?.postMessage({ type: 'done', result })
} catch (err) {
  const e = err as Error & { code?: string }
  parentPort?.postMessage({ type: 'error', name: e.name, code: e.code, message: e.message })
}
