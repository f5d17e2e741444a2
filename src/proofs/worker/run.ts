/**
 * Runs proofs jobs in a worker thread so hot loops never block the caller's event loop: progress arrives
 * through a callback, and an AbortSignal terminates the job.
 */
import { extname } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { CID } from 'multiformats/cid'
import { parseCid } from '../../core/cid.ts'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import type { PreCommit1Input, PreCommit1Output } from '../sdr/precommit1.ts'
import type { JobArgs, JobName, JobResult } from './jobs.ts'

export interface JobOptions {
  /** Fraction done, at most every 100 ms. */
  readonly onProgress?: (fraction: number) => void
  readonly signal?: AbortSignal
}

const ext = extname(new URL(import.meta.url).pathname)
const entry = new URL(`./entry${ext}`, import.meta.url)

/** Starts the entry; from TypeScript sources (tests, tsx) the worker first registers tsx's loader. */
function startWorker(workerData: unknown): Worker {
  if (ext !== '.ts') return new Worker(entry, { workerData })
  const boot = `import('tsx/esm/api').then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))`
  return new Worker(boot, { eval: true, workerData })
}

/** Runs `job` in a fresh worker thread. */
export function runJob<N extends JobName>(job: N, args: JobArgs<N>, opts: JobOptions = {}): Promise<JobResult<N>> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(opts.signal.reason)
      return
    }
    const worker = startWorker({ job, args })
    const onAbort = () => {
      void worker.terminate()
      reject(opts.signal?.reason ?? new LotusError(ErrorCode.Conflict, `${job}: aborted`))
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    const finish = () => opts.signal?.removeEventListener('abort', onAbort)
    worker.on(
      'message',
      (m: { type: string; fraction?: number; result?: unknown; code?: string; message?: string }) => {
        if (m.type === 'progress') opts.onProgress?.(m.fraction ?? 0)
        else if (m.type === 'done') {
          finish()
          resolve(m.result as JobResult<N>)
          void worker.terminate()
        } else if (m.type === 'error') {
          finish()
          const code = Object.values(ErrorCode).includes(m.code as ErrorCode)
            ? (m.code as ErrorCode)
            : ErrorCode.Internal
          reject(new LotusError(code, m.message ?? `${job} failed`))
          void worker.terminate()
        }
      },
    )
    worker.on('error', (err) => {
      finish()
      reject(new LotusError(ErrorCode.Internal, `${job}: worker failed: ${err.message}`, { cause: err }))
    })
  })
}

/** `lotus client commP <file>`: piece CID, padded size and payload size, computed in a worker thread. */
export async function commPFile(
  path: string,
  opts: JobOptions = {},
): Promise<{ pieceCid: CID; pieceCidV2: CID; commP: Uint8Array; pieceSize: number; payloadSize: number }> {
  const r = await runJob('commPFile', { path }, opts)
  return {
    pieceCid: parseCid(r.pieceCid),
    pieceCidV2: parseCid(r.pieceCidV2),
    commP: r.commP,
    pieceSize: r.paddedSize,
    payloadSize: r.payloadSize,
  }
}

/** PreCommit1 (SDR labels) in a worker thread. */
export function preCommit1Async(input: PreCommit1Input, opts: JobOptions = {}): Promise<PreCommit1Output> {
  return runJob('preCommit1', input, opts)
}
