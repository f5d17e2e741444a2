/** Storage power actor parameters and returns (`builtin-actors:actors/power/src/types.rs`). */
import { type Address, AddressCodec } from '../../../core/address.ts'
import { BigIntCodec } from '../../../core/bigint.ts'
import { Bytes, type Codec, I64, listOf, U64, Uint } from '../../../core/codec.ts'
import { Epoch } from '../../../core/ints.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type FilterEstimate, FilterEstimateCodec } from '../filter-estimate.ts'

/** CreateMiner `[Owner, Worker, WindowPoStProofType, Peer, Multiaddrs]`. */
export interface CreateMinerParams {
  owner: Address
  worker: Address
  windowPoStProofType: number
  peer: Uint8Array
  multiaddrs: Uint8Array[]
}
export const CreateMinerParamsCodec: Codec<CreateMinerParams> = tupleCodec<CreateMinerParams>('CreateMinerParams', {
  owner: ['Owner', AddressCodec],
  worker: ['Worker', AddressCodec],
  windowPoStProofType: ['WindowPoStProofType', Uint],
  peer: ['Peer', Bytes],
  multiaddrs: ['Multiaddrs', listOf(Bytes)],
})

/** CreateMiner's return `[IDAddress, RobustAddress]`. */
export interface CreateMinerReturn {
  idAddress: Address
  robustAddress: Address
}
export const CreateMinerReturnCodec: Codec<CreateMinerReturn> = tupleCodec<CreateMinerReturn>('CreateMinerReturn', {
  idAddress: ['IDAddress', AddressCodec],
  robustAddress: ['RobustAddress', AddressCodec],
})

/** The miner actor's Constructor `[Owner, Worker, ControlAddrs, WindowPoStProofType, PeerId, Multiaddrs]`. */
export interface MinerConstructorParams {
  owner: Address
  worker: Address
  controlAddrs: Address[]
  windowPoStProofType: number
  peerId: Uint8Array
  multiaddrs: Uint8Array[]
}
export const MinerConstructorParamsCodec: Codec<MinerConstructorParams> = tupleCodec<MinerConstructorParams>(
  'MinerConstructorParams',
  {
    owner: ['OwnerAddr', AddressCodec],
    worker: ['WorkerAddr', AddressCodec],
    controlAddrs: ['ControlAddrs', listOf(AddressCodec)],
    windowPoStProofType: ['WindowPoStProofType', Uint],
    peerId: ['PeerId', Bytes],
    multiaddrs: ['Multiaddrs', listOf(Bytes)],
  },
)

/** UpdateClaimedPower `[RawByteDelta, QualityAdjustedDelta]`. */
export interface UpdateClaimedPowerParams {
  rawByteDelta: bigint
  qualityAdjustedDelta: bigint
}
export const UpdateClaimedPowerParamsCodec: Codec<UpdateClaimedPowerParams> = tupleCodec<UpdateClaimedPowerParams>(
  'UpdateClaimedPowerParams',
  { rawByteDelta: ['RawByteDelta', BigIntCodec], qualityAdjustedDelta: ['QualityAdjustedDelta', BigIntCodec] },
)

/** EnrollCronEvent `[EventEpoch, Payload]`. */
export interface EnrollCronEventParams {
  eventEpoch: number
  payload: Uint8Array
}
export const EnrollCronEventParamsCodec: Codec<EnrollCronEventParams> = tupleCodec<EnrollCronEventParams>(
  'EnrollCronEventParams',
  { eventEpoch: ['EventEpoch', Epoch], payload: ['Payload', Bytes] },
)

/** UpdatePledgeTotal takes the pledge delta as a bare BigInt. */
export const UpdatePledgeTotalParamsCodec: Codec<bigint> = BigIntCodec

/** CurrentTotalPower's return (actors v15+ with the FIP-0081 ramp fields). */
export interface CurrentTotalPowerReturn {
  rawBytePower: bigint
  qualityAdjPower: bigint
  pledgeCollateral: bigint
  qualityAdjPowerSmoothed: FilterEstimate
  rampStartEpoch: bigint
  rampDurationEpochs: bigint
}
export const CurrentTotalPowerReturnCodec: Codec<CurrentTotalPowerReturn> = tupleCodec<CurrentTotalPowerReturn>(
  'CurrentTotalPowerReturn',
  {
    rawBytePower: ['RawBytePower', BigIntCodec],
    qualityAdjPower: ['QualityAdjPower', BigIntCodec],
    pledgeCollateral: ['PledgeCollateral', BigIntCodec],
    qualityAdjPowerSmoothed: ['QualityAdjPowerSmoothed', FilterEstimateCodec],
    rampStartEpoch: ['RampStartEpoch', I64],
    rampDurationEpochs: ['RampDurationEpochs', U64],
  },
)

/** The miner's OnDeferredCronEvent `[EventPayload, RewardSmoothed, QualityAdjPowerSmoothed]`. */
export interface DeferredCronEventParams {
  eventPayload: Uint8Array
  rewardSmoothed: FilterEstimate
  qualityAdjPowerSmoothed: FilterEstimate
}
export const DeferredCronEventParamsCodec: Codec<DeferredCronEventParams> = tupleCodec<DeferredCronEventParams>(
  'DeferredCronEventParams',
  {
    eventPayload: ['EventPayload', Bytes],
    rewardSmoothed: ['RewardSmoothed', FilterEstimateCodec],
    qualityAdjPowerSmoothed: ['QualityAdjPowerSmoothed', FilterEstimateCodec],
  },
)
