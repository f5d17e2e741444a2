/**
 * Block time (Lotus `miner.go`, `filcns.ValidateBlock`): a block at height h on parent P carries exactly
 * P.MinTimestamp + BlockDelay · (h − P.height) (null rounds included); mining for it starts
 * PropagationDelay after the previous slot's time.
 */
import type { TipSet } from '../../core/tipset.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { InvalidError } from '../../util/errors.ts'

/** The timestamp a block at `height` on `parent` must carry. */
export function blockTimestamp(
  parent: TipSet,
  height: number,
  profile: Pick<NetworkProfile, 'blockDelaySecs'>,
): number {
  if (height <= parent.height) throw new InvalidError(`height ${height} is not above the parent's ${parent.height}`)
  return parent.minTimestamp + profile.blockDelaySecs * (height - parent.height)
}

/** When a miner starts working on `height` (parent time + propagation delay, for the round before). */
export function miningStartTime(
  parent: TipSet,
  height: number,
  profile: Pick<NetworkProfile, 'blockDelaySecs' | 'propagationDelaySecs'>,
): number {
  return blockTimestamp(parent, height, profile) - profile.blockDelaySecs + profile.propagationDelaySecs
}

/** How many null rounds lie between a parent and a block at `height`. */
export function nullRounds(parent: TipSet, height: number): number {
  return height - parent.height - 1
}
