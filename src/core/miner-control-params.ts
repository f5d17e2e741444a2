/**
 * Storage miner parameters and returns for its control methods (`builtin-actors:actors/miner/src/types.rs`):
 * ControlAddresses, ChangeWorkerAddress and WithdrawBalance, shared by the miner actor and the miner process.
 * Wire formats: tuples exactly as cbor-gen / serde_tuple write them.
 */
import { type Address, AddressCodec } from './address.ts'
import { BigIntCodec } from './bigint.ts'
import { type Codec, listOf } from './codec.ts'
import { tupleCodec } from './tuple.ts'

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

/** WithdrawBalance `[AmountRequested]`; the return is the amount withdrawn, a bare BigInt. */
export interface WithdrawBalanceParams {
  amountRequested: bigint
}
export const WithdrawBalanceParamsCodec: Codec<WithdrawBalanceParams> = tupleCodec<WithdrawBalanceParams>(
  'WithdrawBalanceParams',
  { amountRequested: ['AmountRequested', BigIntCodec] },
)
export const WithdrawBalanceReturnCodec: Codec<bigint> = BigIntCodec
