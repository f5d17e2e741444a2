/**
 * Everything a block's validation reads, gathered by the caller (the syncer) before the checks run.
 * State reaches the checks only through StateView.
 */
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import type { BlockHeader } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import type { Message } from '../../core/message.ts'
import type { SignedMessage } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import type { StateView } from './state-view.ts'

/** Verifies proofs consensus does not compute itself (the beacon and WinningPoSt). */
export interface ProofVerifier {
  /** Throws unless the block's beacon entries follow `prev` (the parent chain's latest entry). */
  verifyBeaconEntries(entries: readonly BeaconEntry[], prev: BeaconEntry, height: number): void | Promise<void>
  /** Throws unless the block's WinningPoSt proof is valid for `randomness` (Draw(rbase, 3, h, CBOR(miner))). */
  verifyWinningPoSt(header: BlockHeader, randomness: Uint8Array): void | Promise<void>
}

export interface BlockContext {
  header: BlockHeader
  /** The tipset the block names as its parents. */
  parent: TipSet
  /** Unix seconds now. */
  now: number
  profile: NetworkProfile
  /** The parent chain's latest beacon entry (rbase when the block carries none). */
  prevBeacon: BeaconEntry
  /** State at the election lookback (power, worker key, eligibility). */
  lookbackState: StateView
  /** The state `parent` was mined on (parent.parentState): its total power gives the parent's weight. */
  parentTipsetState: StateView
  /** The gas limits of the parent tipset's unique messages (for the expected base fee). */
  parentGasLimits: readonly bigint[]
  proofs: ProofVerifier
}

/** A block's messages, for the message-level checks. */
export interface BlockMessages {
  bls: readonly Message[]
  secp: readonly SignedMessage[]
  /** The MsgMeta CID computed from the messages (store `computeMsgMeta`). */
  msgMetaCid: CID
  /** The state the block's messages apply to (the header's ParentStateRoot). */
  state: StateView
}
