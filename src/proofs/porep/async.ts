/**
 * Sealing and proving off the event loop: each call runs one job (./jobs.ts) in a fresh worker thread,
 * reports progress through a callback, and is cancelled by an AbortSignal (the thread is terminated).
 */
import { extname } from 'node:path'
import { Worker } from 'node:worker_threads'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { type PreCommit2Input, type PreCommit2Output, preCommit2Merge } from '../pc2/precommit2.ts'
import { sealProof } from '../registered-proof.ts'
import type { SealJobArgs, SealJobName, SealJobResult } from './jobs.ts'

export interface SealJobOptions {
  readonly onProgress?: (fraction: number) => void
  readonly signal?: AbortSignal
}

const ext = extname(new URL(import.meta.url).pathname)
const entry = new URL(`./worker-entry${ext}`, import.meta.url)

function start(workerData: unknown): Worker {
  if (ext !== '.ts') return new Worker(entry, { workerData })
  const boot = `import('tsx/esm/api').then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))`
  return new Worker(boot, { eval: true, workerData })
}

/** Runs `job` in a worker thread. */
export function runSealJob<N extends SealJobName>(
  job: N,
  args: SealJobArgs<N>,
  opts: SealJobOptions = {},
): Promise<SealJobResult<N>> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(opts.signal.reason)
      return
    }
    const worker = start({ job, args })
    let settled = false
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      opts.signal?.removeEventListener('abort', onAbort)
      fn()
      void worker.terminate()
    }
    const onAbort = () =>
      settle(() => reject(opts.signal?.reason ?? new LotusError(ErrorCode.Conflict, `${job}: aborted`)))
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    worker.on(
      'message',
      (m: { type: string; fraction?: number; result?: unknown; code?: string; message?: string }) => {
        if (m.type === 'progress') opts.onProgress?.(m.fraction ?? 0)
        else if (m.type === 'done') settle(() => resolve(m.result as SealJobResult<N>))
        else if (m.type === 'error') {
          const code = Object.values(ErrorCode).includes(m.code as ErrorCode)
            ? (m.code as ErrorCode)
            : ErrorCode.Internal
          settle(() => reject(new LotusError(code, m.message ?? `${job} failed`)))
        }
      },
    )
    worker.on('error', (err) =>
      settle(() => reject(new LotusError(ErrorCode.Internal, `${job}: worker failed: ${err.message}`, { cause: err }))),
    )
    worker.on('exit', (code) =>
      settle(() => reject(new LotusError(ErrorCode.Internal, `${job}: worker exited (${code}) before answering`))),
    )
  })
}

/**
 * PreCommit2 off the event loop. With `threads` > 1 the sector is split into that many aligned parts
 * (rounded down to 2, 4 or 8) built on as many worker threads, then merged here (a few hashes, copies and
 * the file writes).
 */
export async function preCommit2Async(
  args: PreCommit2Input,
  opts: SealJobOptions & { threads?: number } = {},
): Promise<PreCommit2Output> {
  const threads = Math.min(8, Math.max(1, Math.floor(opts.threads ?? 1)))
  if (threads === 1) return runSealJob('preCommit2', args, opts)
  const parts = 2 ** Math.floor(Math.log2(threads))
  const nodes = sealProof(args.proof).nodes
  const size = nodes / parts
  const fractions = new Array<number>(parts).fill(0)
  const results = await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      runSealJob(
        'preCommit2Part',
        { input: args, start: i * size, end: (i + 1) * size },
        {
          signal: opts.signal,
          onProgress: (f) => {
            fractions[i] = f
            opts.onProgress?.((0.95 * fractions.reduce((a, b) => a + b, 0)) / parts)
          },
        },
      ),
    ),
  )
  opts.signal?.throwIfAborted()
  return preCommit2Merge(args, results, { onProgress: opts.onProgress })
}
/** Unsealing in a worker thread. */
export const unsealAsync = (args: SealJobArgs<'unseal'>, opts?: SealJobOptions) => runSealJob('unseal', args, opts)
/** C1 in a worker thread: the vanilla proof object. */
export const commit1Async = (args: SealJobArgs<'commit1'>, opts?: SealJobOptions) => runSealJob('commit1', args, opts)
/** C1 + C2 in a worker thread: the encoded seal proof. */
export const sealCommitAsync = (args: SealJobArgs<'sealCommit'>, opts?: SealJobOptions) =>
  runSealJob('sealCommit', args, opts)
/** verifySeal in a worker thread. */
export const verifySealAsync = (args: SealJobArgs<'verifySeal'>, opts?: SealJobOptions) =>
  runSealJob('verifySeal', args, opts)
/** Window PoSt in a worker thread (faulty sectors come back in `skipped`). */
export const windowPoStAsync = (args: SealJobArgs<'windowPoSt'>, opts?: SealJobOptions) =>
  runSealJob('windowPoSt', args, opts)
/** Winning PoSt in a worker thread. */
export const winningPoStAsync = (args: SealJobArgs<'winningPoSt'>, opts?: SealJobOptions) =>
  runSealJob('winningPoSt', args, opts)
