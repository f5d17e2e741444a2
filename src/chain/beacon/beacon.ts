/** What the chain asks of a randomness beacon: the rounds a block carries, their checks, and their entries. */
import type { BeaconEntry } from '../../core/beacon-entry.ts'

export interface BeaconVerifier {
  /** The last beacon round a block at `epoch` must carry. */
  maxRoundForEpoch(epoch: number): number
  /**
   * Throws InvalidError unless `entries` are the consecutive rounds after `prev.round` up to
   * maxRoundForEpoch(height), each valid (none is valid exactly when prev is already that round).
   */
  verifyEntries(entries: readonly BeaconEntry[], prev: BeaconEntry, height: number): void
}

export interface Beacon extends BeaconVerifier {
  /** The entry of `round`; NotFoundError when this node cannot produce it or its time has not come. */
  entry(round: number): BeaconEntry
  /** The entries a block at `epoch` on a chain whose latest entry is `prev` must carry. */
  entriesForBlock(epoch: number, prev: BeaconEntry): BeaconEntry[]
}
