/**
 * Worker-thread entry. One-shot mode (workerData has a job): run it, report, exit. Pool mode (no job):
 * run each {type: 'run', id, job, args} message in turn and answer with the same id. Progress, results and
 * errors go back as messages; errors keep their code.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { JOBS, type JobName } from './jobs.ts'

type Reply = (m: Record<string, unknown>) => void

async function run(job: JobName, args: never, reply: Reply): Promise<void> {
  let last = 0
  try {
    const result = await JOBS[job](
      args,
      (fraction) => {
        const now = Date.now()
        if (now - last >= 100 || fraction >= 1) {
          last = now
          reply({ type: 'progress', fraction })
        }
      },
      new AbortController().signal, // cancellation terminates the thread
    )
    reply({ type: 'done', result })
  } catch (err) {
    const e = err as Error & { code?: string }
    reply({ type: 'error', name: e.name, code: e.code, message: e.message })
  }
}

const data = workerData as { job?: JobName; args?: never } | null
if (data?.job) await run(data.job, data.args as never, (m) => parentPort?.postMessage(m))
else {
  let queue = Promise.resolve()
  parentPort?.on('message', (m: { type: string; id: number; job: JobName; args: never }) => {
    if (m.type !== 'run') return
    queue = queue.then(() => run(m.job, m.args, (r) => parentPort?.postMessage({ ...r, id: m.id })))
  })
}
