/**
 * The jobs a proofs worker thread can run, as a table: name → function(args, progress, signal). Arguments
 * and results cross the thread boundary by structured clone.
 */
import { commPFileHere } from '../commp-file.ts'
import { SEAL_JOBS } from '../porep/jobs.ts'
import { type PreCommit1Input, preCommit1 } from '../sdr/precommit1.ts'

export type Progress = (fraction: number) => void

export const JOBS = {
  /** CommP of a file: result has the 32-byte root, sizes and the CID strings. */
  commPFile: async (
    args: { path: string; start?: number; end?: number; paddedSize?: number },
    progress: Progress,
    signal: AbortSignal,
  ) => {
    const r = await commPFileHere(args.path, { ...args, signal, onProgress: (d, t) => progress(t === 0 ? 1 : d / t) })
    return {
      commP: r.commP,
      pieceCid: r.pieceCid.toString(),
      pieceCidV2: r.pieceCidV2.toString(),
      paddedSize: r.paddedSize,
      payloadSize: r.payloadSize,
    }
  },
  /** SDR labeling (PreCommit1). */
  preCommit1: async (args: PreCommit1Input, progress: Progress, signal: AbortSignal) =>
    preCommit1(args, { onProgress: progress, signal }),
  /** PC2, C1/C2, verification, unsealing and PoSt (../porep/jobs.ts). */
  ...SEAL_JOBS,
} as const

export type JobName = keyof typeof JOBS
export type JobArgs<N extends JobName> = Parameters<(typeof JOBS)[N]>[0]
export type JobResult<N extends JobName> = Awaited<ReturnType<(typeof JOBS)[N]>>
