/**
 * Storage miner parameters and returns for its control methods (`builtin-actors:actors/miner/src/types.rs`).
 * These are wire formats: tuples exactly as cbor-gen / serde_tuple write them.
 */
import { type Address, AddressCodec } from '../../../core/address.ts'
import { Bytes, type Codec, I64 } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'

export {
  type MinerConstructorParams,
  MinerConstructorParamsCodec,
  type DeferredCronEventParams,
  DeferredCronEventParamsCodec,
} from '../power/types.ts'
export { type ApplyRewardParams, ApplyRewardParamsCodec } from '../reward/types.ts'
export * from '../../../core/miner-control-params.ts'

/** ChangePeerID `[NewID]`. */
export interface ChangePeerIDParams {
  newId: Uint8Array
}
export const ChangePeerIDParamsCodec: Codec<ChangePeerIDParams> = tupleCodec<ChangePeerIDParams>('ChangePeerIDParams', {
  newId: ['NewID', Bytes],
})

/** ChangeOwnerAddress takes the new owner as a bare address (serde transparent). */
export const ChangeOwnerAddressParamsCodec: Codec<Address> = AddressCodec

/** The payload the miner enrols with Power's cron queue: `[EventType]`. */
export interface CronEventPayload {
  eventType: bigint
}
export const CronEventPayloadCodec: Codec<CronEventPayload> = tupleCodec<CronEventPayload>('CronEventPayload', {
  eventType: ['EventType', I64],
})
export const CronEvent = { WorkerKeyChange: 0n, ProvingDeadline: 1n, ProcessEarlyTerminations: 2n } as const
