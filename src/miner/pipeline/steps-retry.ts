/**
 * What each failure state does once its backoff has passed: it looks at what the failed state left
 * behind (a message CID, a precommit or sector on chain) and picks the retry event, as Lotus's
 * storage/pipeline/states_failed.go does. A sent message is looked up, never sent again blindly.
 */
import { parseCid } from '../../core/cid.ts'
import { ExitCode } from '../../core/exit-code.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { preCommitFromJson } from './chain-api.ts'
import type { Step, StepContext } from './step.ts'

const EMPTY = TipSetKey.EMPTY

/** The receipt's exit code of a recorded message; undefined while it has not executed. */
async function exitOf(ctx: StepContext, cid: string): Promise<number | undefined> {
  const lookup = await ctx.api.StateSearchMsg(EMPTY, parseCid(cid), -1n, true)
  return lookup ? lookup.receipt.exitCode : undefined
}

export const packingFailed: Step = async () => ({ event: 'SectorRetryPacking' })
export const sealPreCommit1Failed: Step = async () => ({ event: 'SectorRetrySealPreCommit1' })
/** PC2 is retried; after three failures the sector starts over from PC1 (its layers may be bad). */
export const sealPreCommit2Failed: Step = async (_ctx, s) =>
  s.retries >= 3 ? { event: 'SectorRetrySealPreCommit1' } : { event: 'SectorRetrySealPreCommit2' }
export const computeProofFailed: Step = async () => ({ event: 'SectorRetryComputeProof' })
export const finalizeFailed: Step = async () => ({ event: 'SectorRetryFinalize' })
export const removeFailed: Step = async () => ({ event: 'SectorRetryRemove' })

/** PreCommitFailed: on chain → WaitSeed; message pending → wait again; message failed or absent → send again. */
export const preCommitFailed: Step = async (ctx, s) => {
  const pc = preCommitFromJson(await ctx.api.StateSectorPreCommitInfo(ctx.maddr, BigInt(s.number), EMPTY))
  if (pc) return { event: 'SectorRetryWaitSeed', data: { preCommitEpoch: pc.preCommitEpoch } }
  if (s.preCommitMsg) {
    const exit = await exitOf(ctx, s.preCommitMsg)
    if (exit === undefined) return { event: 'SectorRetryPreCommitWait', message: 'message not executed yet' }
    return {
      event: 'SectorRetryPreCommit',
      data: { preCommitMsg: null },
      message: `message ${s.preCommitMsg} executed with exit ${exit}, no precommit on chain: sending again`,
    }
  }
  return { event: 'SectorRetryPreCommit' }
}

/**
 * CommitFailed: proven on chain → finalize; message pending → wait again; a proof the actor refused →
 * compute it again; precommit gone → precommit again; otherwise send the ProveCommit again.
 */
export const commitFailed: Step = async (ctx, s) => {
  if ((await ctx.api.StateSectorGetInfo(ctx.maddr, BigInt(s.number), EMPTY)) != null)
    return { event: 'SectorProving', message: 'sector is on chain' }
  if (s.commitMsg) {
    const exit = await exitOf(ctx, s.commitMsg)
    if (exit === undefined) return { event: 'SectorRetryCommitWait', message: 'message not executed yet' }
    if (exit === ExitCode.ErrIllegalArgument)
      return { event: 'SectorRetryComputeProof', data: { commitMsg: null, proof: null }, message: 'proof refused' }
    if (exit === ExitCode.Ok) return { event: 'SectorRetryCommitWait' }
  }
  const pc = await ctx.api.StateSectorPreCommitInfo(ctx.maddr, BigInt(s.number), EMPTY)
  if (pc == null)
    return {
      event: 'SectorRetryPreCommit',
      data: { preCommitMsg: null, commitMsg: null, seed: null, seedEpoch: null, proof: null },
      message: 'precommit no longer on chain',
    }
  return { event: 'SectorRetrySubmitCommit', data: { commitMsg: null } }
}
