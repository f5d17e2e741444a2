/**
 * The sealing and proving jobs a proofs worker thread runs (they join ../worker/jobs.ts), as a table:
 * name → function(args, progress, signal). Arguments and results cross the thread boundary by structured clone.
 */
import { type PreCommit2Input, preCommit2, preCommit2Part } from '../pc2/precommit2.ts'
import { type UnsealInput, unsealSector } from '../pc2/unseal.ts'
import {
  generateWindowPoSt,
  type VerifyWindowPoStInput,
  verifyWindowPoSt,
  type WindowPoStInput,
} from '../post/window.ts'
import { generateWinningPoSt, type WinningPoStInput } from '../post/winning.ts'
import { encodeSealProof } from './codec.ts'
import { type Commit1Input, commit1 } from './commit1.ts'
import { type VerifySealInput, verifySeal } from './verify.ts'

export type Progress = (fraction: number) => void

export const SEAL_JOBS = {
  /** PreCommit2: trees, CommR, cache files, sealed replica. */
  preCommit2: (args: PreCommit2Input, progress: Progress, signal: AbortSignal) =>
    preCommit2(args, { onProgress: progress, signal }),
  /** One aligned node range of PC2 (the caller merges the parts). */
  preCommit2Part: (
    args: { input: PreCommit2Input; start: number; end: number },
    progress: Progress,
    signal: AbortSignal,
  ) => preCommit2Part(args.input, args.start, args.end, { onProgress: progress, signal }),
  /** The unsealed sector, the key regenerated (PC1) and checked against CommD. */
  unseal: (args: UnsealInput, progress: Progress, signal: AbortSignal) =>
    unsealSector(args, { onProgress: progress, signal }),
  /** C1: the vanilla seal proof (C2 is encodeSealProof of it). */
  commit1: (args: Commit1Input, _progress: Progress, signal: AbortSignal) => commit1(args, { signal }),
  /** C1 then C2: the encoded vanilla seal proof. */
  sealCommit: (args: Commit1Input, _progress: Progress, signal: AbortSignal) =>
    encodeSealProof(commit1(args, { signal })),
  verifySeal: (args: VerifySealInput) => verifySeal(args),
  windowPoSt: (args: WindowPoStInput, _progress: Progress, signal: AbortSignal) => generateWindowPoSt(args, { signal }),
  verifyWindowPoSt: (args: VerifyWindowPoStInput) => verifyWindowPoSt(args),
  winningPoSt: (args: WinningPoStInput, _progress: Progress, signal: AbortSignal) =>
    generateWinningPoSt(args, { signal }),
} as const
