/** MinerInfo, the miner's static information (`builtin-actors:actors/miner/src/state.rs` MinerInfo). */
import { type Address, AddressCodec } from '../../../core/address.ts'
import { BigIntCodec } from '../../../core/bigint.ts'
import { Bool, Bytes, type Codec, listOf, nullable, U64, Uint } from '../../../core/codec.ts'
import { Epoch } from '../../../core/ints.ts'
import { tupleCodec } from '../../../core/tuple.ts'

/** A worker key change waiting for `effectiveAt` (`WorkerKeyChange`). */
export interface WorkerKeyChange {
  newWorker: Address
  effectiveAt: number
}
const WorkerKeyChangeCodec: Codec<WorkerKeyChange> = tupleCodec<WorkerKeyChange>('WorkerKeyChange', {
  newWorker: ['NewWorker', AddressCodec],
  effectiveAt: ['EffectiveAt', Epoch],
})

/** `BeneficiaryTerm` `[Quota, UsedQuota, Expiration]`. */
export interface BeneficiaryTerm {
  quota: bigint
  usedQuota: bigint
  expiration: number
}
const BeneficiaryTermCodec: Codec<BeneficiaryTerm> = tupleCodec<BeneficiaryTerm>('BeneficiaryTerm', {
  quota: ['Quota', BigIntCodec],
  usedQuota: ['UsedQuota', BigIntCodec],
  expiration: ['Expiration', Epoch],
})

/** `PendingBeneficiaryChange`. */
export interface PendingBeneficiaryChange {
  newBeneficiary: Address
  newQuota: bigint
  newExpiration: number
  approvedByBeneficiary: boolean
  approvedByNominee: boolean
}
const PendingBeneficiaryChangeCodec: Codec<PendingBeneficiaryChange> = tupleCodec<PendingBeneficiaryChange>(
  'PendingBeneficiaryChange',
  {
    newBeneficiary: ['NewBeneficiary', AddressCodec],
    newQuota: ['NewQuota', BigIntCodec],
    newExpiration: ['NewExpiration', Epoch],
    approvedByBeneficiary: ['ApprovedByBeneficiary', Bool],
    approvedByNominee: ['ApprovedByNominee', Bool],
  },
)

export interface MinerInfo {
  /** ID address; receives withdrawals (with the beneficiary), changes the worker. */
  owner: Address
  /** ID address of the key (account) that signs the miner's messages and blocks. */
  worker: Address
  controlAddresses: Address[]
  pendingWorkerKey: WorkerKeyChange | null
  peerId: Uint8Array
  multiaddrs: Uint8Array[]
  windowPoStProofType: number
  sectorSize: bigint
  windowPoStPartitionSectors: bigint
  consensusFaultElapsed: number
  pendingOwnerAddress: Address | null
  beneficiary: Address
  beneficiaryTerm: BeneficiaryTerm
  pendingBeneficiaryTerm: PendingBeneficiaryChange | null
}

export const MinerInfoCodec: Codec<MinerInfo> = tupleCodec<MinerInfo>('MinerInfo', {
  owner: ['Owner', AddressCodec],
  worker: ['Worker', AddressCodec],
  controlAddresses: ['ControlAddresses', listOf(AddressCodec)],
  pendingWorkerKey: ['PendingWorkerKey', nullable(WorkerKeyChangeCodec)],
  peerId: ['PeerId', Bytes],
  multiaddrs: ['Multiaddrs', listOf(Bytes)],
  windowPoStProofType: ['WindowPoStProofType', Uint],
  sectorSize: ['SectorSize', U64],
  windowPoStPartitionSectors: ['WindowPoStPartitionSectors', U64],
  consensusFaultElapsed: ['ConsensusFaultElapsed', Epoch],
  pendingOwnerAddress: ['PendingOwnerAddress', nullable(AddressCodec)],
  beneficiary: ['Beneficiary', AddressCodec],
  beneficiaryTerm: ['BeneficiaryTerm', BeneficiaryTermCodec],
  pendingBeneficiaryTerm: ['PendingBeneficiaryTerm', nullable(PendingBeneficiaryChangeCodec)],
})
