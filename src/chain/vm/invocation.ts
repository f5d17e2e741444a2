/** The Runtime given to one actor method call (see runtime.ts for the contract). */
import type { Address } from '../../core/address.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import { type CID, cidOfBytes } from '../../core/cid.ts'
import type { Codec } from '../../core/codec.ts'
import { ExitCode } from '../../core/exit-code.ts'
import type { Signature } from '../../core/signature.ts'
import { verifySignature as verifySig } from '../../crypto/sigs.ts'
import { concatBytes, u64be } from '../../util/bytes.ts'
import { Address as Addr } from '../../core/address.ts'
import { decodeCbor } from '../../core/cbor/decode.ts'
import { type ActorKind, actorKindOf } from '../actors/code-cids.ts'
import { INIT_ACTOR_ADDR } from '../actors/singletons.ts'
import { ActorError, actorErrors } from './actor-error.ts'
import type { CallContext } from './call-context.ts'
import { ChargedStore } from './charged-store.ts'
import type { SealVerifyInfo, WindowPoStVerifyInfo } from './externs.ts'
import { createActorGas } from './gas.ts'
import type { ChainPolicy, Runtime, SendResult } from './runtime.ts'
import type { Vm } from './vm.ts'

export class VmRuntime implements Runtime {
  readonly store: ChargedStore
  readonly policy: ChainPolicy
  readonly epoch: number
  readonly origin: Address

  constructor(
    private readonly vm: Vm,
    private readonly ctx: CallContext,
    private readonly depth: number,
    readonly caller: Address,
    readonly receiver: Address,
    readonly valueReceived: bigint,
  ) {
    this.store = new ChargedStore(vm.deps.store, ctx.gas, vm.pricelist)
    this.policy = vm.policy
    this.epoch = vm.epoch
    this.origin = ctx.originKey
  }

  private async self() {
    const act = await this.vm.tree.getActor(this.receiver)
    if (!act) throw actorErrors.illegalState(`actor ${this.receiver} no longer exists`)
    return act
  }

  totalFilCircSupply(): bigint {
    return this.vm.circulatingSupply
  }

  async balance(): Promise<bigint> {
    return (await this.self()).balance
  }

  validateCallerIs(...addrs: Address[]): void {
    if (!addrs.some((a) => a.equals(this.caller)))
      throw actorErrors.forbidden(`caller ${this.caller} is not one of ${addrs.join(', ')}`)
  }

  async validateCallerType(...kinds: ActorKind[]): Promise<void> {
    const code = await this.getActorCode(this.caller)
    const kind = code && actorKindOf(code)
    if (!kind || !kinds.includes(kind))
      throw actorErrors.forbidden(
        `caller ${this.caller} (${kind ?? 'unknown code'}) is not of type ${kinds.join(' or ')}`,
      )
  }

  validateCallerAny(): void {}

  resolveAddress(addr: Address): Promise<Address | undefined> {
    return this.vm.tree.lookupId(addr)
  }

  async getActorCode(addr: Address): Promise<CID | undefined> {
    return (await this.vm.tree.getActor(addr))?.code
  }

  hasActorClass(code: CID): boolean {
    return this.vm.deps.actors.has(code)
  }

  async send(to: Address, method: bigint, params: Uint8Array, value: bigint): Promise<SendResult> {
    const tree = this.vm.tree
    tree.snapshot()
    try {
      const res = await this.vm.call(this.ctx, this.depth + 1, this.receiver, to, method, value, params)
      if (res.exitCode !== 0) tree.revert()
      return { exitCode: res.exitCode, ret: res.ret }
    } catch (err) {
      tree.revert()
      throw err
    } finally {
      tree.clearSnapshot()
    }
  }

  async state<T>(codec: Codec<T>): Promise<T> {
    const head = (await this.self()).head
    const bytes = await this.store.get(head)
    if (!bytes) throw actorErrors.illegalState(`state ${head} of ${this.receiver} is missing`)
    return codec.fromCbor(decodeCbor(bytes), `${codec.name} of ${this.receiver}`)
  }

  async commit<T>(codec: Codec<T>, state: T): Promise<void> {
    const bytes = encodeCbor(codec.toCbor(state))
    const head = cidOfBytes(bytes)
    await this.store.put(head, bytes)
    const act = await this.self()
    await this.vm.tree.setActor(this.receiver, { ...act, head })
  }

  async transaction<T, R>(codec: Codec<T>, fn: (state: T) => R | Promise<R>): Promise<R> {
    const st = await this.state(codec)
    const r = await fn(st)
    await this.commit(codec, st)
    return r
  }

  newActorAddress(): Address {
    const data = concatBytes(
      encodeCbor(this.ctx.originKey.bytes),
      u64be(this.ctx.originNonce),
      u64be(BigInt(this.ctx.actorsCreated)),
    )
    this.ctx.actorsCreated++
    return Addr.fromActorData(data)
  }

  async createActor(code: CID, id: Address): Promise<void> {
    if (!this.receiver.equals(INIT_ACTOR_ADDR)) throw actorErrors.forbidden('only the Init actor creates actors')
    const kind = actorKindOf(code)
    if (!kind) throw new ActorError(ExitCode.ErrIllegalArgument, `can only create builtin actors, not ${code}`)
    if (await this.vm.tree.getActor(id)) throw actorErrors.illegalArgument(`actor ${id} already exists`)
    this.ctx.gas.charge(createActorGas(this.vm.pricelist), 'creating an actor')
    const head = cidOfBytes(encodeCbor([]))
    await this.vm.deps.store.put(head, encodeCbor([]))
    await this.vm.tree.setActor(id, { code, head, nonce: 0n, balance: 0n, delegatedAddress: null })
  }

  async deleteActor(beneficiary: Address): Promise<void> {
    const act = await this.self()
    if (act.balance > 0n) await this.vm.transfer(this.receiver, beneficiary, act.balance)
    await this.vm.tree.deleteActor(this.receiver)
  }

  private randomness() {
    const r = this.vm.deps.randomness
    if (!r) throw actorErrors.illegalState('this VM has no randomness source')
    return r
  }

  randomnessFromTickets(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array> {
    return this.randomness().fromTickets(tag, epoch, entropy)
  }

  randomnessFromBeacon(tag: number, epoch: number, entropy: Uint8Array): Promise<Uint8Array> {
    return this.randomness().fromBeacon(tag, epoch, entropy)
  }

  async verifySignature(sig: Signature, signer: Address, data: Uint8Array): Promise<boolean> {
    this.ctx.gas.charge(this.vm.pricelist.verifySignature[sig.type] ?? 0n, 'signature verification')
    const key = await this.vm.keyAddressOr(signer)
    try {
      verifySig(sig, data, key)
      return true
    } catch {
      return false
    }
  }

  private proofs() {
    const p = this.vm.deps.proofs
    if (!p) throw actorErrors.illegalState('this VM has no proof verifier')
    return p
  }

  verifySeal(info: SealVerifyInfo): Promise<boolean> {
    return this.proofs().verifySeal(info)
  }

  verifyWindowPoSt(info: WindowPoStVerifyInfo): Promise<boolean> {
    return this.proofs().verifyWindowPoSt(info)
  }

  chargeGas(name: string, amount: bigint): void {
    this.ctx.gas.charge(amount, name)
  }
}
