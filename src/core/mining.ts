/**
 * Block production's data (Lotus `api.MiningBaseInfo`, `api.BlockTemplate`, `types.BlockMsg`), each with its
 * codec: the FullNode API carries them (api/full/mining.ts) and the chain builds and checks them (chain/mining).
 */
import { AddressCodec } from './address.ts'
import type { Address } from './address.ts'
import { type BeaconEntry, BeaconEntryCodec } from './beacon-entry.ts'
import { BigIntCodec } from './bigint.ts'
import { type BlockHeader, BlockHeaderCodec } from './block-header.ts'
import type { CID } from './cid.ts'
import { Bool, Cid, I64, listOf, nullable, U64 } from './codec.ts'
import { type ElectionProof, ElectionProofCodec } from './election-proof.ts'
import { type PoStProof, PoStProofCodec } from './post-proof.ts'
import { type SignedMessage, SignedMessageCodec } from './signed-message.ts'
import { type Ticket, TicketCodec } from './ticket.ts'
import { type TipSetKey, TipSetKeyCodec } from './tipset-key.ts'
import { tupleCodec } from './tuple.ts'

/** builtin `ExtendedSectorInfo`: a sector as WinningPoSt challenges it. */
export interface ExtendedSectorInfo {
  sealProof: bigint
  sectorNumber: bigint
  sectorKey: CID | null
  sealedCid: CID
}
export const ExtendedSectorInfoCodec = tupleCodec<ExtendedSectorInfo>('ExtendedSectorInfo', {
  sealProof: ['SealProof', I64],
  sectorNumber: ['SectorNumber', U64],
  sectorKey: ['SectorKey', nullable(Cid)],
  sealedCid: ['SealedCID', Cid],
})

/** Lotus `api.MiningBaseInfo`. */
export interface MiningBaseInfo {
  minerPower: bigint
  networkPower: bigint
  /** The miner's sectors eligible for WinningPoSt (active at the election lookback). */
  sectors: ExtendedSectorInfo[]
  workerKey: Address
  sectorSize: bigint
  prevBeaconEntry: BeaconEntry
  /** The beacon entries a block at the epoch must carry. */
  beaconEntries: BeaconEntry[]
  eligibleForMining: boolean
}
export const MiningBaseInfoCodec = tupleCodec<MiningBaseInfo>('MiningBaseInfo', {
  minerPower: ['MinerPower', BigIntCodec],
  networkPower: ['NetworkPower', BigIntCodec],
  sectors: ['Sectors', listOf(ExtendedSectorInfoCodec)],
  workerKey: ['WorkerKey', AddressCodec],
  sectorSize: ['SectorSize', U64],
  prevBeaconEntry: ['PrevBeaconEntry', BeaconEntryCodec],
  beaconEntries: ['BeaconEntries', listOf(BeaconEntryCodec)],
  eligibleForMining: ['EligibleForMining', Bool],
})

/** Lotus `api.BlockTemplate`: what the miner decided; the daemon fills in state, messages and signature. */
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
export const BlockTemplateCodec = tupleCodec<BlockTemplate>('BlockTemplate', {
  miner: ['Miner', AddressCodec],
  parents: ['Parents', TipSetKeyCodec],
  ticket: ['Ticket', TicketCodec],
  eproof: ['Eproof', ElectionProofCodec],
  beaconValues: ['BeaconValues', listOf(BeaconEntryCodec)],
  messages: ['Messages', listOf(SignedMessageCodec)],
  epoch: ['Epoch', I64],
  timestamp: ['Timestamp', U64],
  winningPoStProof: ['WinningPoStProof', listOf(PoStProofCodec)],
})

/** Lotus `types.BlockMsg`: a header and the CIDs of its messages (BLS unsigned, secp signed). */
export interface BlockMsg {
  header: BlockHeader
  blsMessages: CID[]
  secpkMessages: CID[]
}
export const BlockMsgCodec = tupleCodec<BlockMsg>('BlockMsg', {
  header: ['Header', BlockHeaderCodec],
  blsMessages: ['BlsMessages', listOf(Cid)],
  secpkMessages: ['SecpkMessages', listOf(Cid)],
})
