/**
 * Runs proofs jobs in a worker thread so hot loops never block the caller's event loop: progress arrives
 * through a callback, and an AbortSignal terminates the job. Each call starts a thread unless a
 * ProofsWorkerPool (./pool.ts) is passed as `pool`.
 */
import { stat } from 'node:fs/promises'
import type { CID } from 'multiformats/cid'
import { parseCid } from '../../core/cid.ts'
import { ErrorCode, InvalidError, LotusError } from '../../util/errors.ts'
import { hashNodeTs } from '../kernel/sha256-ts.ts'
import { commPToCid, pieceCidV2 } from '../piece-cid.ts'
import { paddedSizeForPayload } from '../piece-size.ts'
import type { PreCommit1Input, PreCommit1Output } from '../sdr/precommit1.ts'
import type { JobArgs, JobName, JobResult } from './jobs.ts'
import type { ProofsWorkerPool } from './pool.ts'
import { type JobOptions, startWorker } from './start.ts'

export type { JobOptions }

/** Runs `job` in a fresh worker thread, or on `opts.pool` when given. */
export function runJob<N extends JobName>(
  job: N,
  args: JobArgs<N>,
  opts: JobOptions & { pool?: ProofsWorkerPool } = {},
): Promise<JobResult<N>> {
  if (opts.pool) return opts.pool.run(job, args, opts)
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
    // a thread that dies without a word (out of memory, exit) must not leave the caller waiting
    worker.on('exit', (code) => {
      finish()
      reject(new LotusError(ErrorCode.Internal, `${job}: worker exited with code ${code} before finishing`))
    })
  })
}

/** `lotus client commP <file>`: piece CID, padded size and payload size, computed in a worker thread. */
export async function commPFile(
  path: string,
  opts: JobOptions & { pool?: ProofsWorkerPool } = {},
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

/**
 * CommP of one file on several worker threads (a power of two, default 2): each hashes one aligned
 * subtree of the piece, and the roots are merged here. Same result as `commPFile`.
 */
export async function commPFileParallel(
  path: string,
  opts: JobOptions & { workers?: number; pool?: ProofsWorkerPool } = {},
): Promise<{ pieceCid: CID; pieceCidV2: CID; commP: Uint8Array; pieceSize: number; payloadSize: number }> {
  const workers = opts.workers ?? 2
  if (!Number.isInteger(Math.log2(workers)) || workers < 1 || workers > 64)
    throw new InvalidError(`commP: ${workers} workers is not a power of two in [1, 64]`)
  const { size } = await stat(path).catch((err: Error) => {
    throw new InvalidError(`commP: cannot open ${path}: ${err.message}`)
  })
  const pieceSize = paddedSizeForPayload(size)
  const parts = Math.min(workers, pieceSize / 128)
  const part = pieceSize / parts
  const partIn = (part / 128) * 127
  const fractions = new Array<number>(parts).fill(0)
  const roots = await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      runJob(
        'commPFile',
        { path, start: Math.min(size, i * partIn), end: Math.min(size, (i + 1) * partIn), paddedSize: part },
        {
          signal: opts.signal,
          pool: opts.pool,
          onProgress: (f) => {
            fractions[i] = f
            opts.onProgress?.(fractions.reduce((a, b) => a + b, 0) / parts)
          },
        },
      ).then((r) => r.commP),
    ),
  )
  let level = roots
  const pair = new Uint8Array(64)
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) {
      pair.set(level[i]!, 0)
      pair.set(level[i + 1]!, 32)
      const out = new Uint8Array(32)
      hashNodeTs(pair, 0, out, 0)
      next.push(out)
    }
    level = next
  }
  const commP = level[0]!
  return {
    pieceCid: commPToCid(commP),
    pieceCidV2: pieceCidV2(commP, pieceSize, size),
    commP,
    pieceSize,
    payloadSize: size,
  }
}

/** PreCommit1 (SDR labels) in a worker thread. */
export function preCommit1Async(
  input: PreCommit1Input,
  opts: JobOptions & { pool?: ProofsWorkerPool } = {},
): Promise<PreCommit1Output> {
  return runJob('preCommit1', input, opts)
}
