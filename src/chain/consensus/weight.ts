/**
 * Chain weight and fork choice (Lotus `chain/consensus/filcns/weight.go`, `chain/store/store.go`):
 * w(ts) = ParentWeight + (L << 8) + ((L << 8) · ΣWinCount) / (BlocksPerEpoch · WRatioDen / WRatioNum),
 * L = bitlen(total quality-adjusted power in ts's parent state) − 1. Heavier wins; equal weights go to
 * the tipset with the smaller ticket at the first position where they differ (`breakWeightTie`).
 */
import type { TipSet } from '../../core/tipset.ts'
import { compareTickets } from '../../core/ticket.ts'
import { InvalidError } from '../../util/errors.ts'
import { divEuclid } from './q256.ts'
import { BLOCKS_PER_EPOCH } from './win-count.ts'

/** Lotus `WRatioNum` / `WRatioDen`. */
export const W_RATIO_NUM = 1n
export const W_RATIO_DEN = 2n

/**
 * The weight of a tipset from its parent weight, the total power in its parent state and its blocks' win
 * counts.
 */
export function tipsetWeight(
  parentWeight: bigint,
  totalPowerInParentState: bigint,
  winCounts: readonly number[],
  blocksPerEpoch: number = BLOCKS_PER_EPOCH,
): bigint {
  if (totalPowerInParentState <= 0n)
    throw new InvalidError(
      'All power in the net is gone. You network might be disconnected, or the net is dead! (total power is 0)',
    )
  const log2P = BigInt(totalPowerInParentState.toString(2).length - 1)
  const totalJ = winCounts.reduce((s, w) => s + BigInt(w), 0n)
  const eWeight = divEuclid(((log2P * W_RATIO_NUM) << 8n) * totalJ, BigInt(blocksPerEpoch) * W_RATIO_DEN)
  return parentWeight + (log2P << 8n) + eWeight
}

/** The weight of a tipset whose blocks carry election proofs. */
export function weightOf(ts: TipSet, totalPowerInParentState: bigint, blocksPerEpoch?: number): bigint {
  const wins = ts.blocks.map((b) => b.electionProof?.winCount ?? 0)
  return tipsetWeight(ts.parentWeight, totalPowerInParentState, wins, blocksPerEpoch)
}

/** Lotus `breakWeightTie`: true when ts1 wins the tie (smaller ticket at the first difference). */
export function breakWeightTie(ts1: TipSet, ts2: TipSet): boolean {
  const s = Math.min(ts1.blocks.length, ts2.blocks.length)
  for (let i = 0; i < s; i++) {
    const c = compareTickets(ts1.blocks[i]!.ticket!, ts2.blocks[i]!.ticket!)
    if (c < 0) return true
    if (c > 0) return false
  }
  return false
}

/** Fork choice: whether `candidate` (weight wc) should replace `current` (weight wh). */
export function isHeavier(candidate: TipSet, wc: bigint, current: TipSet, wh: bigint): boolean {
  if (wc !== wh) return wc > wh
  return breakWeightTie(candidate, current)
}
