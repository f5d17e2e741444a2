/**
 * Storage miner parameters and returns for its control methods (`builtin-actors:actors/miner/src/types.rs`).
 * These are wire formats: tuples exactly as cbor-gen / serde_tuple write them.
 */
import { type Address, AddressCodec } from '../../../core/address.ts'
import { BigIntCodec } from '../../../core/bigint.ts'
import { Bytes, type Codec, I64, listOf } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'

export {
  type MinerConstructorParams,
  MinerConstructorParamsCodec,
  type DeferredCronEventParams,
  DeferredCronEventParamsCodec,
} from '../power/types.ts'
export { type ApplyRewardParams, ApplyRewardParamsCodec } from '../reward/types.ts'

/** ControlAddresses' return `[Owner, Worker, ControlAddrs]`. */
export interface GetControlAddressesReturn {
  owner: Address
  worker: Address
  controlAddresses: Address[]
}
export const GetControlAddressesReturnCodec: Codec<GetControlAddressesReturn> = tupleCodec<GetControlAddressesReturn>(
  'GetControlAddressesReturn',
  {
    owner: ['Owner', AddressCodec],
    worker: ['Worker', AddressCodec],
    controlAddresses: ['ControlAddrs', listOf(AddressCodec)],
  },
)

/** ChangeWorkerAddress `[NewWorker, NewControlAddrs]`. */
export interface ChangeWorkerAddressParams {
  newWorker: Address
  newControlAddresses: Address[]
}
export const ChangeWorkerAddressParamsCodec: Codec<ChangeWorkerAddressParams> = tupleCodec<ChangeWorkerAddressParams>(
  'ChangeWorkerAddressParams',
  { newWorker: ['NewWorker', AddressCodec], newControlAddresses: ['NewControlAddrs', listOf(AddressCodec)] },
)

/** ChangePeerID `[NewID]`. */
export interface ChangePeerIDParams {
  newId: Uint8Array
}
export const ChangePeerIDParamsCodec: Codec<ChangePeerIDParams> = tupleCodec<ChangePeerIDParams>('ChangePeerIDParams', {
  newId: ['NewID', Bytes],
})

/** ChangeOwnerAddress takes the new owner as a bare address (serde transparent). */
export const ChangeOwnerAddressParamsCodec: Codec<Address> = AddressCodec

/** WithdrawBalance `[AmountRequested]`; the return is the amount withdrawn, a bare BigInt. */
export interface WithdrawBalanceParams {
  amountRequested: bigint
}
export const WithdrawBalanceParamsCodec: Codec<WithdrawBalanceParams> = tupleCodec<WithdrawBalanceParams>(
  'WithdrawBalanceParams',
  { amountRequested: ['AmountRequested', BigIntCodec] },
)
export const WithdrawBalanceReturnCodec: Codec<bigint> = BigIntCodec

/** The payload the miner enrols with Power's cron queue: `[EventType]`. */
export interface CronEventPayload {
  eventType: bigint
}
export const CronEventPayloadCodec: Codec<CronEventPayload> = tupleCodec<CronEventPayload>('CronEventPayload', {
  eventType: ['EventType', I64],
})
export const CronEvent = { WorkerKeyChange: 0n, ProvingDeadline: 1n, ProcessEarlyTerminations: 2n } as const
