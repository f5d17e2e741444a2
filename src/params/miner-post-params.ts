/**
 * Storage miner message parameters for WindowPoSt and fault declarations (`builtin-actors:actors/miner/src/types.rs`),
 * shared by the miner actor (which decodes them) and the miner process (which sends them). They sit in the base
 * layer, beside the network policy, because they need the RLE+ bitfield codec (`crypto/`), which `core/` may not import.
 */
import { Bytes, type Codec, listOf, Uint } from '../core/codec.ts'
import { Epoch } from '../core/ints.ts'
import { tupleCodec } from '../core/tuple.ts'
import { type BitField, BitFieldCodec } from '../crypto/bitfield.ts'

/** `PoStPartition` `[Index, Skipped]`. */
export interface PoStPartition {
  index: number
  skipped: BitField
}
export const PoStPartitionCodec: Codec<PoStPartition> = tupleCodec<PoStPartition>('PoStPartition', {
  index: ['Index', Uint],
  skipped: ['Skipped', BitFieldCodec],
})

/** `PoStProof` `[PoStProof, ProofBytes]`. */
export interface PoStProof {
  postProof: number
  proofBytes: Uint8Array
}
export const PoStProofCodec: Codec<PoStProof> = tupleCodec<PoStProof>('PoStProof', {
  postProof: ['PoStProof', Uint],
  proofBytes: ['ProofBytes', Bytes],
})

/** SubmitWindowedPoSt (method 5) `[Deadline, Partitions, Proofs, ChainCommitEpoch, ChainCommitRand]`. */
export interface SubmitWindowedPoStParams {
  deadline: number
  partitions: PoStPartition[]
  proofs: PoStProof[]
  chainCommitEpoch: number
  chainCommitRand: Uint8Array
}
export const SubmitWindowedPoStParamsCodec: Codec<SubmitWindowedPoStParams> = tupleCodec<SubmitWindowedPoStParams>(
  'SubmitWindowedPoStParams',
  {
    deadline: ['Deadline', Uint],
    partitions: ['Partitions', listOf(PoStPartitionCodec)],
    proofs: ['Proofs', listOf(PoStProofCodec)],
    chainCommitEpoch: ['ChainCommitEpoch', Epoch],
    chainCommitRand: ['ChainCommitRand', Bytes],
  },
)

/** A fault or recovery declaration `[Deadline, Partition, Sectors]`. */
export interface SectorDeclaration {
  deadline: number
  partition: number
  sectors: BitField
}
export const SectorDeclarationCodec: Codec<SectorDeclaration> = tupleCodec<SectorDeclaration>('SectorDeclaration', {
  deadline: ['Deadline', Uint],
  partition: ['Partition', Uint],
  sectors: ['Sectors', BitFieldCodec],
})

/** DeclareFaults (method 10) `[[Declaration...]]`. */
export interface DeclareFaultsParams {
  faults: SectorDeclaration[]
}
export const DeclareFaultsParamsCodec: Codec<DeclareFaultsParams> = tupleCodec<DeclareFaultsParams>(
  'DeclareFaultsParams',
  { faults: ['Faults', listOf(SectorDeclarationCodec)] },
)

/** DeclareFaultsRecovered (method 11) `[[Declaration...]]`. */
export interface DeclareFaultsRecoveredParams {
  recoveries: SectorDeclaration[]
}
export const DeclareFaultsRecoveredParamsCodec: Codec<DeclareFaultsRecoveredParams> =
  tupleCodec<DeclareFaultsRecoveredParams>('DeclareFaultsRecoveredParams', {
    recoveries: ['Recoveries', listOf(SectorDeclarationCodec)],
  })
