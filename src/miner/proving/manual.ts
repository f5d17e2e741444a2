/**
 * A deadline's WindowPoSt computed on request and not sent (Lotus `ComputeWindowPoSt`, behind `lotus-miner
 * proving compute window-post`): operators use it to time their proving and try their `--windowpost` workers
 * without waiting for the deadline. As in Lotus, the challenge is the deadline's last one already drawn: this
 * period's when the deadline is the current one or an earlier one, the previous period's when it comes later.
 */
import type { TipSetKey } from '../../core/tipset-key.ts'
import type { SubmitWindowedPoStParams } from '../../params/miner-post-params.ts'
import { InvalidError } from '../../util/errors.ts'
import { chainView, type DeadlineInfo } from './chain-view.ts'
import { type ProverDeps, proveDeadline } from './prover.ts'
import { deadlineAfter } from './timing.ts'

/** The last occurrence of deadline `index` whose challenge epoch is behind `cur` (Lotus ComputePoSt). */
export function lastOccurrence(cur: DeadlineInfo, index: number): DeadlineInfo {
  const back = index <= cur.index ? 0 : cur.wpostPeriodDeadlines
  return deadlineAfter(cur, index - cur.index - back)
}

/** The SubmitWindowedPoSt parameters for deadline `index` at tipset `at`: none when it has nothing to prove. */
export async function computeWindowPoSt(
  deps: ProverDeps,
  index: number,
  at: TipSetKey,
  signal: AbortSignal,
): Promise<SubmitWindowedPoStParams[]> {
  const view = chainView(deps.api, deps.miner, at)
  const cur = await view.deadline()
  if (!Number.isSafeInteger(index) || index < 0 || index >= cur.wpostPeriodDeadlines)
    throw new InvalidError(
      `deadline index ${index} is out of range: the miner has deadlines 0..${cur.wpostPeriodDeadlines - 1}`,
    )
  const p = await proveDeadline({ ...deps, view }, lastOccurrence(cur, index), signal)
  if (!p.proof || p.proven.length === 0) return []
  return [
    {
      deadline: index,
      partitions: p.partitions,
      proofs: [p.proof],
      chainCommitEpoch: 0,
      chainCommitRand: new Uint8Array(0),
    },
  ]
}
