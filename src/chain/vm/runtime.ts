/**
 * The Runtime an actor method sees (builtin-actors `Runtime`, Lotus `chain/vm/runtime.go`): who called,
 * with what value, at which epoch; its own state (loaded and committed through codecs, gas charged per
 * block); sends to other actors; actor creation; randomness, signature and proof checks.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import type { Codec } from '../../core/codec.ts'
import type { Signature } from '../../core/signature.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import type { ActorKind } from '../actors/code-cids.ts'
import type { SealVerifyInfo, WindowPoStVerifyInfo } from './externs.ts'
import type { ChainPolicy } from './policy.ts'

export type { ChainPolicy } from './policy.ts'
export { DEFAULT_POLICY } from './policy.ts'

/** The outcome of a send: exit code 0 with the return bytes, or the callee's failure code. */
export interface SendResult {
  exitCode: number
  ret: Uint8Array
}

export interface Runtime {
  /** The immediate caller (ID address). */
  readonly caller: Address
  /** This actor (ID address). */
  readonly receiver: Address
  readonly valueReceived: bigint
  readonly epoch: number
  /** The key address that signed the top-level message. */
  readonly origin: Address
  readonly policy: ChainPolicy
  /** The blockstore, with gas charged per block read and write. */
  readonly store: Blockstore

  /** The network's circulating supply, as the VM was told it (VmOptions.circulatingSupply). */
  totalFilCircSupply(): bigint
  /** This actor's balance (including the value received). */
  balance(): Promise<bigint>
  /** Fails with ErrForbidden unless the caller is one of `addrs`. */
  validateCallerIs(...addrs: Address[]): void
  /** Fails with ErrForbidden unless the caller's code is one of `kinds`. */
  validateCallerType(...kinds: ActorKind[]): Promise<void>
  /** Accepts any caller. */
  validateCallerAny(): void

  /** The ID address of `addr`, or undefined. */
  resolveAddress(addr: Address): Promise<Address | undefined>
  /** The code CID of the actor at `addr`, or undefined. */
  getActorCode(addr: Address): Promise<CID | undefined>
  /** Whether the VM has an implementation for `code`. */
  hasActorClass(code: CID): boolean

  /** Calls another actor. Its failure is returned (state changes of the callee reverted), not thrown. */
  send(to: Address, method: bigint, params: Uint8Array, value: bigint): Promise<SendResult>

  /** Loads this actor's state. */
  state<T>(codec: Codec<T>): Promise<T>
  /** Stores this actor's state and points the actor's head at it. */
  commit<T>(codec: Codec<T>, state: T): Promise<void>
  /** Load, change, commit. */
  transaction<T, R>(codec: Codec<T>, fn: (state: T) => R | Promise<R>): Promise<R>

  /** A fresh robust (f2) address for an actor created by this message. */
  newActorAddress(): Address
  /** Creates an empty actor with `code` at the ID address `id`. */
  createActor(code: CID, id: Address): Promise<void>
  /** Deletes this actor, sending its balance to `beneficiary`. */
  deleteActor(beneficiary: Address): Promise<void>

  randomnessFromTickets(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array>
  randomnessFromBeacon(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array>
  /** Whether `sig` is `signer`'s signature over `data` (signer resolved to its key address). */
  verifySignature(sig: Signature, signer: Address, data: Uint8Array): Promise<boolean>
  verifySeal(info: SealVerifyInfo): Promise<boolean>
  verifyWindowPoSt(info: WindowPoStVerifyInfo): Promise<boolean>

  /** Charges gas for work the price list does not otherwise see. */
  chargeGas(name: string, amount: bigint): void
}
