/**
 * The sealing pipeline's types in the StorageMiner API with their Lotus-JSON codecs (lotus api.SectorInfo,
 * SealTicket/SealSeed, SectorLog). Hashes and proofs are bytes (base64 in JSON); commitments and message
 * CIDs are `{"/": …}` or null; epochs are numbers; FIL amounts attoFIL strings.
 */
import { BigIntCodec } from '../../core/bigint.ts'
import type { CID } from '../../core/cid.ts'
import { Bool, Bytes, type Codec, Cid, listOf, nullable, Str, U64, Uint } from '../../core/codec.ts'
import { LotusJson } from '../full/state-miner.ts'
import { Int, struct } from './struct.ts'

/** SealTicket / SealSeed: the randomness and the epoch it was drawn at. */
export interface SealRandomness {
  Value: Uint8Array | null
  Epoch: number
}
const SealRandomnessCodec = struct<SealRandomness>('SealRandomness', { Value: nullable(Bytes), Epoch: Int })

/** api.SectorLog: one event of a sector, Timestamp in Unix seconds. */
export interface SectorLog {
  Kind: string
  Timestamp: number
  Trace: string
  Message: string
}
export const SectorLogCodec = struct<SectorLog>('SectorLog', { Kind: Str, Timestamp: Uint, Trace: Str, Message: Str })

/** api.SectorInfo (SectorsStatus); the on-chain part is zero unless asked for and the sector is on chain. */
export interface SectorInfo {
  SectorID: number
  State: string
  CommD: CID | null
  CommR: CID | null
  Proof: Uint8Array | null
  Deals: bigint[]
  Pieces: unknown[]
  Ticket: SealRandomness
  Seed: SealRandomness
  PreCommitMsg: CID | null
  CommitMsg: CID | null
  Retries: number
  ToUpgrade: boolean
  ReplicaUpdateMessage: CID | null
  LastErr: string
  Log: SectorLog[]
  SealProof: number
  Activation: number
  Expiration: number
  DealWeight: bigint
  VerifiedDealWeight: bigint
  InitialPledge: bigint
  OnTime: number
  Early: number
}
export const SectorInfoCodec: Codec<SectorInfo> = struct<SectorInfo>('SectorInfo', {
  SectorID: Uint,
  State: Str,
  CommD: nullable(Cid),
  CommR: nullable(Cid),
  Proof: nullable(Bytes),
  Deals: listOf(U64),
  Pieces: listOf(LotusJson),
  Ticket: SealRandomnessCodec,
  Seed: SealRandomnessCodec,
  PreCommitMsg: nullable(Cid),
  CommitMsg: nullable(Cid),
  Retries: Uint,
  ToUpgrade: Bool,
  ReplicaUpdateMessage: nullable(Cid),
  LastErr: Str,
  Log: listOf(SectorLogCodec),
  SealProof: Uint,
  Activation: Int,
  Expiration: Int,
  DealWeight: BigIntCodec,
  VerifiedDealWeight: BigIntCodec,
  InitialPledge: BigIntCodec,
  OnTime: Int,
  Early: Int,
})
