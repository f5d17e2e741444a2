/** What every call made while applying one message shares: its gas, its origin and its actor counter. */
import type { Address } from '../../core/address.ts'
import type { GasTracker } from './gas.ts'

export interface CallContext {
  gas: GasTracker
  /** The origin's key address (f1/f3), for new actor addresses. */
  originKey: Address
  /** The top-level message's nonce. */
  originNonce: bigint
  /** Actors created so far by this message (part of each new robust address). */
  actorsCreated: number
}

/** Calls may nest this deep (`lotus:chain/vm MaxCallDepth`). */
export const MAX_CALL_DEPTH = 4096
