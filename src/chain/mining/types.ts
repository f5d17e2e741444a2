/**
 * Block production's data as the chain layer sees it (Lotus `api.BlockTemplate`, `types.BlockMsg`,
 * `api.MiningBaseInfo`). The API declares the same shapes with their codecs (api/full/mining.ts); the
 * layers keep chain/ and api/ apart, so the handlers pass one for the other.
 */
import type { Address } from '../../core/address.ts'
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import type { BlockHeader } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import type { ElectionProof } from '../../core/election-proof.ts'
import type { PoStProof } from '../../core/post-proof.ts'
import type { SignedMessage } from '../../core/signed-message.ts'
import type { Ticket } from '../../core/ticket.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'

/** A sector as WinningPoSt challenges it (builtin `ExtendedSectorInfo`). */
export interface WinningSector {
  sealProof: bigint
  sectorNumber: bigint
  sectorKey: CID | null
  sealedCid: CID
}

/** What a miner needs to try to win an epoch on a base tipset. */
export interface MiningBaseInfo {
  minerPower: bigint
  networkPower: bigint
  /** The sectors WinningPoSt challenges at this epoch (Lotus `GetSectorsForWinningPoSt`). */
  sectors: WinningSector[]
  workerKey: Address
  sectorSize: bigint
  prevBeaconEntry: BeaconEntry
  beaconEntries: BeaconEntry[]
  eligibleForMining: boolean
}

/** What the miner decided; the daemon fills in state, messages and the signature. */
export interface BlockTemplate {
  miner: Address
  parents: TipSetKey
  ticket: Ticket
  eproof: ElectionProof
  beaconValues: BeaconEntry[]
  messages: SignedMessage[]
  epoch: bigint
  timestamp: bigint
  winningPoStProof: PoStProof[]
}

/** A header and the CIDs of its messages (BLS unsigned, secp signed), as gossip carries a block. */
export interface BlockMsg {
  header: BlockHeader
  blsMessages: CID[]
  secpkMessages: CID[]
}
