/** Worker-thread entry: runs one job from JOBS and reports progress, the result or the error. */
import { parentPort, workerData } from 'node:worker_threads'
import { JOBS, type JobName } from './jobs.ts'

const { job, args } = workerData as { job: JobName; args: never }
const abort = new AbortController()
parentPort?.on('message', (m: { type: string }) => {
  if (m.type === 'abort') abort.abort()
})
let last = 0
try {
  const result = await JOBS[job](
    args,
    (fraction) => {
      const now = Date.now()
      if (now - last >= 100 || fraction >= 1) {
        last = now
        parentPort?.postMessage({ type: 'progress', fraction })
      }
    },
    abort.signal,
  )
  parentPort?.postMessage({ type: 'done', result })
} catch (err) {
  const e = err as Error & { code?: string }
  parentPort?.postMessage({ type: 'error', name: e.name, code: e.code, message: e.message })
}
