/**
 * The election lookback (Lotus `stmgr.GetLookbackTipSetForRound`): power, worker key and eligibility for
 * round r come from the state after the tipset at r − lookback (the state root its first non-null child
 * carries). When the lookback reaches at or past `ts` itself, the state is that after executing `ts`.
 */
import type { CID } from '../../core/cid.ts'
import type { TipSet } from '../../core/tipset.ts'
import { InvalidError } from '../../util/errors.ts'
import type { ChainStore } from './chain-store.ts'

export interface Lookback {
  /** The lookback tipset. */
  tipset: TipSet
  /** The state after executing it, when a stored child names it; null = execute `tipset` to get it. */
  stateRoot: CID | null
}

export async function lookbackForRound(cs: ChainStore, ts: TipSet, round: number, lookback: number): Promise<Lookback> {
  const lbr = round > lookback ? round - lookback : 0
  if (lbr >= ts.height) return { tipset: ts, stateRoot: null }
  const next = await cs.getTipSetByHeight(lbr + 1, ts, false)
  if (lbr > next.height)
    throw new InvalidError(
      `failed to find non-null tipset ${next.key} (${next.height}) which is known to exist, found ${lbr}`,
    )
  return { tipset: await cs.loadTipSet(next.parents), stateRoot: next.parentState }
}
