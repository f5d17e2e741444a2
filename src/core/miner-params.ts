/**
 * The storage miner's sealing method numbers and parameter tuples (`builtin-actors:actors/miner/src/types.rs`):
 * PreCommitSector(Batch2), ProveCommitSector(s3) and BatchReturn. They live in core/ because both sides use
 * them: the miner actor decodes them (chain/actors/miner) and the sealing pipeline encodes them (miner/),
 * which reaches the chain only through the FullNode API.
 */
import { Bool, Bytes, type Codec, Cid, I64, listOf, nullable, U64, Uint } from './codec.ts'
import type { CID } from './cid.ts'
import { Epoch } from './ints.ts'
import { tupleCodec } from './tuple.ts'
import { type Address, AddressCodec } from './address.ts'

/** Storage miner actor method numbers (builtin-actors `Method`). */
export const MinerMethod = {
  Constructor: 1,
  ControlAddresses: 2,
  ChangeWorkerAddress: 3,
  ChangePeerID: 4,
  SubmitWindowedPoSt: 5,
  PreCommitSector: 6,
  ProveCommitSector: 7,
  DeclareFaults: 10,
  DeclareFaultsRecovered: 11,
  OnDeferredCronEvent: 12,
  ApplyRewards: 14,
  WithdrawBalance: 16,
  ConfirmChangeWorkerAddress: 21,
  ChangeOwnerAddress: 23,
  PreCommitSectorBatch2: 28,
  ProveCommitSectors3: 34,
} as const

/** One sector of PreCommitSectorBatch2: `SectorPreCommitInfo`. UnsealedCID null means "no data" (CompactCommD). */
export interface SectorPreCommitInfo {
  sealProof: number
  sectorNumber: number
  sealedCid: CID
  sealRandEpoch: number
  dealIds: bigint[]
  expiration: number
  unsealedCid: CID | null
}
export const SectorPreCommitInfoCodec: Codec<SectorPreCommitInfo> = tupleCodec<SectorPreCommitInfo>(
  'SectorPreCommitInfo',
  {
    sealProof: ['SealProof', Uint],
    sectorNumber: ['SectorNumber', Uint],
    sealedCid: ['SealedCID', Cid],
    sealRandEpoch: ['SealRandEpoch', Epoch],
    dealIds: ['DealIDs', listOf(U64)],
    expiration: ['Expiration', Epoch],
    unsealedCid: ['UnsealedCid', nullable(Cid)],
  },
)

/** PreCommitSectorBatch2 (method 28) `[[SectorPreCommitInfo...]]`. */
export interface PreCommitSectorBatchParams2 {
  sectors: SectorPreCommitInfo[]
}
export const PreCommitSectorBatchParams2Codec: Codec<PreCommitSectorBatchParams2> =
  tupleCodec<PreCommitSectorBatchParams2>('PreCommitSectorBatchParams2', {
    sectors: ['Sectors', listOf(SectorPreCommitInfoCodec)],
  })

/** The legacy PreCommitSector (method 6) tuple, with the (ignored, must be unset) replace-capacity fields. */
export interface PreCommitSectorParams {
  sealProof: number
  sectorNumber: number
  sealedCid: CID
  sealRandEpoch: number
  dealIds: bigint[]
  expiration: number
  replaceCapacity: boolean
  replaceSectorDeadline: bigint
  replaceSectorPartition: bigint
  replaceSectorNumber: bigint
}
export const PreCommitSectorParamsCodec: Codec<PreCommitSectorParams> = tupleCodec<PreCommitSectorParams>(
  'PreCommitSectorParams',
  {
    sealProof: ['SealProof', Uint],
    sectorNumber: ['SectorNumber', Uint],
    sealedCid: ['SealedCID', Cid],
    sealRandEpoch: ['SealRandEpoch', Epoch],
    dealIds: ['DealIDs', listOf(U64)],
    expiration: ['Expiration', Epoch],
    replaceCapacity: ['ReplaceCapacity', Bool],
    replaceSectorDeadline: ['ReplaceSectorDeadline', U64],
    replaceSectorPartition: ['ReplaceSectorPartition', U64],
    replaceSectorNumber: ['ReplaceSectorNumber', U64],
  },
)

/** The legacy ProveCommitSector (method 7) `[SectorNumber, Proof]`. */
export interface ProveCommitSectorParams {
  sectorNumber: number
  proof: Uint8Array
}
export const ProveCommitSectorParamsCodec: Codec<ProveCommitSectorParams> = tupleCodec<ProveCommitSectorParams>(
  'ProveCommitSectorParams',
  { sectorNumber: ['SectorNumber', Uint], proof: ['Proof', Bytes] },
)

/** `VerifiedAllocationKey` `[Client, ID]`. */
export interface VerifiedAllocationKey {
  client: bigint
  id: bigint
}
const VerifiedAllocationKeyCodec: Codec<VerifiedAllocationKey> = tupleCodec<VerifiedAllocationKey>(
  'VerifiedAllocationKey',
  { client: ['Client', U64], id: ['ID', U64] },
)

/** `DataActivationNotification` `[Address, Payload]`. */
export interface DataActivationNotification {
  address: Address
  payload: Uint8Array
}
const DataActivationNotificationCodec: Codec<DataActivationNotification> = tupleCodec<DataActivationNotification>(
  'DataActivationNotification',
  { address: ['Address', AddressCodec], payload: ['Payload', Bytes] },
)

/** `PieceActivationManifest` `[CID, Size, VerifiedAllocationKey|null, Notify]`. */
export interface PieceActivationManifest {
  cid: CID
  size: bigint
  verifiedAllocationKey: VerifiedAllocationKey | null
  notify: DataActivationNotification[]
}
const PieceActivationManifestCodec: Codec<PieceActivationManifest> = tupleCodec<PieceActivationManifest>(
  'PieceActivationManifest',
  {
    cid: ['CID', Cid],
    size: ['Size', U64],
    verifiedAllocationKey: ['VerifiedAllocationKey', nullable(VerifiedAllocationKeyCodec)],
    notify: ['Notify', listOf(DataActivationNotificationCodec)],
  },
)

/** `SectorActivationManifest` `[SectorNumber, Pieces]`. */
export interface SectorActivationManifest {
  sectorNumber: number
  pieces: PieceActivationManifest[]
}
const SectorActivationManifestCodec: Codec<SectorActivationManifest> = tupleCodec<SectorActivationManifest>(
  'SectorActivationManifest',
  { sectorNumber: ['SectorNumber', Uint], pieces: ['Pieces', listOf(PieceActivationManifestCodec)] },
)

/** ProveCommitSectors3 (method 34). */
export interface ProveCommitSectors3Params {
  sectorActivations: SectorActivationManifest[]
  sectorProofs: Uint8Array[]
  aggregateProof: Uint8Array
  aggregateProofType: bigint | null
  requireActivationSuccess: boolean
  requireNotificationSuccess: boolean
}
export const ProveCommitSectors3ParamsCodec: Codec<ProveCommitSectors3Params> = tupleCodec<ProveCommitSectors3Params>(
  'ProveCommitSectors3Params',
  {
    sectorActivations: ['SectorActivations', listOf(SectorActivationManifestCodec)],
    sectorProofs: ['SectorProofs', listOf(Bytes)],
    aggregateProof: ['AggregateProof', Bytes],
    aggregateProofType: ['AggregateProofType', nullable(I64)],
    requireActivationSuccess: ['RequireActivationSuccess', Bool],
    requireNotificationSuccess: ['RequireNotificationSuccess', Bool],
  },
)

/** One failure in a BatchReturn `[Idx, Code]`. */
export interface FailCode {
  idx: number
  code: number
}
const FailCodeCodec: Codec<FailCode> = tupleCodec<FailCode>('FailCode', {
  idx: ['Idx', Uint],
  code: ['Code', Uint],
})

/** `BatchReturn` `[SuccessCount, FailCodes]`; ProveCommitSectors3's return is one (serde transparent). */
export interface BatchReturn {
  successCount: number
  failCodes: FailCode[]
}
export const BatchReturnCodec: Codec<BatchReturn> = tupleCodec<BatchReturn>('BatchReturn', {
  successCount: ['SuccessCount', Uint],
  failCodes: ['FailCodes', listOf(FailCodeCodec)],
})
