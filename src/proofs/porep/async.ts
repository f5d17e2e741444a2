/**
 * Sealing and proving off the event loop: each call runs one job (./jobs.ts) on a proofs worker thread
 * (../worker/run.ts), reports progress through a callback, and is cancelled by an AbortSignal.
 */
import { type PreCommit2Input, type PreCommit2Output, preCommit2Merge } from '../pc2/precommit2.ts'
import { sealProof } from '../registered-proof.ts'
import type { JobArgs } from '../worker/jobs.ts'
import type { ProofsWorkerPool } from '../worker/pool.ts'
import { type JobOptions, runJob } from '../worker/run.ts'

/** Progress, cancellation, and optionally a ProofsWorkerPool to run on. */
export type SealJobOptions = JobOptions & { pool?: ProofsWorkerPool }

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
  if (threads === 1) return runJob('preCommit2', args, opts)
  const parts = 2 ** Math.floor(Math.log2(threads))
  const nodes = sealProof(args.proof).nodes
  const size = nodes / parts
  const fractions = new Array<number>(parts).fill(0)
  const results = await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      runJob(
        'preCommit2Part',
        { input: args, start: i * size, end: (i + 1) * size },
        {
          signal: opts.signal,
          pool: opts.pool,
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
export const unsealAsync = (args: JobArgs<'unseal'>, opts?: SealJobOptions) => runJob('unseal', args, opts)
/** C1 in a worker thread: the vanilla proof object. */
export const commit1Async = (args: JobArgs<'commit1'>, opts?: SealJobOptions) => runJob('commit1', args, opts)
/** C1 + C2 in a worker thread: the encoded seal proof. */
export const sealCommitAsync = (args: JobArgs<'sealCommit'>, opts?: SealJobOptions) => runJob('sealCommit', args, opts)
/** verifySeal in a worker thread. */
export const verifySealAsync = (args: JobArgs<'verifySeal'>, opts?: SealJobOptions) => runJob('verifySeal', args, opts)
/** Window PoSt in a worker thread (faulty sectors come back in `skipped`). */
export const windowPoStAsync = (args: JobArgs<'windowPoSt'>, opts?: SealJobOptions) => runJob('windowPoSt', args, opts)
/** verifyWindowPoSt in a worker thread. */
export const verifyWindowPoStAsync = (args: JobArgs<'verifyWindowPoSt'>, opts?: SealJobOptions) =>
  runJob('verifyWindowPoSt', args, opts)
/** Winning PoSt in a worker thread. */
export const winningPoStAsync = (args: JobArgs<'winningPoSt'>, opts?: SealJobOptions) =>
  runJob('winningPoSt', args, opts)
