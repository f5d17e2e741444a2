/**
 * The VM: applies messages to a state tree as Lotus's legacy VM does (`lotus:chain/vm/vm.go`).
 *
 * A chain message is first checked (inclusion gas, sender is an existing account, nonce, balance for
 * gasLimit × feeCap; failures there leave the state untouched and return exit 1, 2 or 7 with no gas used).
 * Then the sender pays gasLimit × feeCap up front, its nonce increments, and the call runs inside a
 * snapshot: on a non-zero exit every change it made is reverted. Finally the fee is split (fees.ts): base
 * fee and over-estimation burned to f099, the tip to the reward actor, the rest refunded.
 *
 * Implicit messages (block reward, cron) come from the System actor and pay no fees.
 */
import type { Actor } from '../../core/actor.ts'
import { type Address, Protocol } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import { decodeCbor } from '../../core/cbor/decode.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import { ExitCode } from '../../core/exit-code.ts'
import { type Message, MessageCodec } from '../../core/message.ts'
import { decode, encode } from '../../core/codec.ts'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { getOrThrow, putCbor } from '../../ipld/blockstore.ts'
import { AccountStateCodec } from '../actors/account/state.ts'
import { CODE_CIDS, isAccountCode } from '../actors/code-cids.ts'
import {
  BURNT_FUNDS_ACTOR_ADDR,
  METHOD_CONSTRUCTOR,
  REWARD_ACTOR_ADDR,
  SYSTEM_ACTOR_ADDR,
} from '../actors/singletons.ts'
import { StateTree } from '../state/state-tree.ts'
import { ActorError, OutOfGasError } from './actor-error.ts'
import { type CallContext, MAX_CALL_DEPTH } from './call-context.ts'
import { computeGasOutputs, ZERO_GAS_OUTPUTS } from './fees.ts'
import {
  createActorGas,
  DEFAULT_PRICELIST,
  type GasPricelist,
  GasTracker,
  methodInvocationGas,
  onChainMessageGas,
  returnValueGas,
} from './gas.ts'
import { VmRuntime } from './invocation.ts'
import { type ApplyRet, checkMessage, receipt, type VmDeps, type VmOptions } from './vm-types.ts'

export { type ApplyRet, IMPLICIT_MESSAGE_GAS_LIMIT, type VmDeps, type VmOptions } from './vm-types.ts'
import { type ChainPolicy, DEFAULT_POLICY, type SendResult } from './runtime.ts'

export class Vm {
  epoch: number
  readonly baseFee: bigint
  readonly pricelist: GasPricelist
  readonly policy: ChainPolicy
  readonly circulatingSupply: bigint

  private constructor(
    readonly deps: VmDeps,
    readonly tree: StateTree,
    opts: VmOptions,
  ) {
    this.epoch = opts.epoch
    this.baseFee = opts.baseFee
    this.pricelist = opts.pricelist ?? DEFAULT_PRICELIST
    this.policy = opts.policy ?? DEFAULT_POLICY
    this.circulatingSupply = opts.circulatingSupply ?? 0n
  }

  /** A VM over the state at `stateRoot`. */
  static async create(deps: VmDeps, stateRoot: CID, opts: VmOptions): Promise<Vm> {
    return new Vm(deps, await StateTree.load(deps.store, stateRoot), opts)
  }

  /** Writes the state and returns its root. */
  flush(): Promise<CID> {
    return this.tree.flush()
  }

  /** Applies a chain message; `chainLength` is its size on chain (the signed encoding for secp messages). */
  async applyMessage(msg: Message, chainLength = encode(MessageCodec, msg).length): Promise<ApplyRet> {
    checkMessage(msg)
    const inclusion = onChainMessageGas(this.pricelist, chainLength)
    if (inclusion > msg.gasLimit) {
      return this.rejected(
        ExitCode.SysErrOutOfGas,
        this.baseFee * inclusion,
        `gas limit ${msg.gasLimit} below the inclusion cost ${inclusion}`,
      )
    }
    const penalty = this.baseFee * msg.gasLimit
    const fromId = await this.tree.lookupId(msg.from)
    const from = fromId && (await this.tree.getActor(fromId))
    if (!fromId || !from) return this.rejected(ExitCode.SysErrSenderInvalid, penalty, `sender ${msg.from} not found`)
    if (!isAccountCode(from.code))
      return this.rejected(ExitCode.SysErrSenderInvalid, penalty, `sender ${msg.from} is not an account`)
    if (msg.nonce !== from.nonce)
      return this.rejected(
        ExitCode.SysErrSenderStateInvalid,
        penalty,
        `nonce ${msg.nonce} != sender's nonce ${from.nonce}`,
      )
    const gasCost = msg.gasLimit * msg.gasFeeCap
    if (from.balance < gasCost)
      return this.rejected(
        ExitCode.SysErrSenderStateInvalid,
        penalty,
        `sender balance ${from.balance} < gas cost ${gasCost}`,
      )

    // The sender pays for all the gas up front (Lotus's "gas holder") and its nonce moves on.
    await this.tree.setActor(fromId, { ...from, balance: from.balance - gasCost, nonce: from.nonce + 1n })

    const ctx = await this.newContext(msg, new GasTracker(msg.gasLimit))
    const { exitCode, ret, error } = await this.runTopLevel(ctx, fromId, msg, inclusion)
    const gasUsed = ctx.gas.used
    const out = computeGasOutputs(gasUsed, msg.gasLimit, this.baseFee, msg.gasFeeCap, msg.gasPremium)
    await this.credit(BURNT_FUNDS_ACTOR_ADDR, out.baseFeeBurn + out.overEstimationBurn)
    await this.credit(REWARD_ACTOR_ADDR, out.minerTip)
    await this.credit(fromId, out.refund)
    return { receipt: receipt(exitCode, ret, gasUsed), gasOutputs: out, ...(error ? { error } : {}) }
  }

  /** Applies a message from the System actor (reward, cron): no checks, no fees, no nonce. */
  async applyImplicitMessage(msg: Message): Promise<ApplyRet> {
    const ctx = await this.newContext(msg, new GasTracker(msg.gasLimit))
    const fromId = (await this.tree.lookupId(msg.from)) ?? msg.from
    const { exitCode, ret, error } = await this.runTopLevel(ctx, fromId, msg, 0n)
    return { receipt: receipt(exitCode, ret, 0n), gasOutputs: ZERO_GAS_OUTPUTS, ...(error ? { error } : {}) }
  }

  private rejected(exitCode: number, minerPenalty: bigint, error: string): ApplyRet {
    return {
      receipt: receipt(exitCode, new Uint8Array(0), 0n),
      gasOutputs: { ...ZERO_GAS_OUTPUTS, minerPenalty },
      error,
    }
  }

  private async newContext(msg: Message, gas: GasTracker): Promise<CallContext> {
    return { gas, originKey: await this.keyAddressOr(msg.from), originNonce: msg.nonce, actorsCreated: 0 }
  }

  /** The key address behind an account (itself for f1/f3), or `addr` when there is none. */
  async keyAddressOr(addr: Address): Promise<Address> {
    if (addr.protocol === Protocol.SECP256K1 || addr.protocol === Protocol.BLS) return addr
    const act = await this.tree.getActor(addr)
    if (!act || !isAccountCode(act.code)) return addr
    return decode(AccountStateCodec, await getOrThrow(this.deps.store, act.head)).address
  }

  /** Runs the top-level call in a snapshot; out of gas and failures revert it. */
  private async runTopLevel(
    ctx: CallContext,
    from: Address,
    msg: Message,
    inclusionGas: bigint,
  ): Promise<SendResult & { error?: string }> {
    this.tree.snapshot()
    let res: SendResult & { error?: string }
    try {
      ctx.gas.charge(inclusionGas, 'message inclusion')
      res = await this.call(ctx, 0, from, msg.to, msg.method, msg.value, msg.params)
      if (res.exitCode === 0) ctx.gas.charge(returnValueGas(this.pricelist, res.ret.length), 'the return value')
    } catch (err) {
      if (!(err instanceof OutOfGasError)) {
        this.tree.revert()
        this.tree.clearSnapshot()
        throw err
      }
      res = { exitCode: err.exitCode, ret: new Uint8Array(0), error: err.message }
    }
    if (res.exitCode !== 0) {
      this.tree.revert()
      res = { ...res, ret: new Uint8Array(0) }
    }
    this.tree.clearSnapshot()
    return res
  }

  /** Adds to an actor's balance (fee payouts). */
  private async credit(addr: Address, amount: bigint): Promise<void> {
    if (amount === 0n) return
    const act = await this.tree.getActor(addr)
    if (!act) throw new LotusError(ErrorCode.Internal, `fee payout: no actor at ${addr}`)
    await this.tree.setActor(addr, { ...act, balance: act.balance + amount })
  }

  /**
   * One call: resolve (or create) the receiver, charge, move the value, dispatch the method. Returns the
   * exit code instead of throwing, except for running out of gas and for bugs. The caller owns the snapshot.
   */
  async call(
    ctx: CallContext,
    depth: number,
    from: Address,
    to: Address,
    method: bigint,
    value: bigint,
    params: Uint8Array,
  ): Promise<SendResult & { error?: string }> {
    try {
      return { exitCode: 0, ret: await this.callOrThrow(ctx, depth, from, to, method, value, params) }
    } catch (err) {
      if (err instanceof OutOfGasError) throw err
      if (err instanceof ActorError) return { exitCode: err.exitCode, ret: new Uint8Array(0), error: err.message }
      if (err instanceof LotusError)
        return { exitCode: ExitCode.ErrIllegalState, ret: new Uint8Array(0), error: err.message }
      throw err
    }
  }

  private async callOrThrow(
    ctx: CallContext,
    depth: number,
    from: Address,
    to: Address,
    method: bigint,
    value: bigint,
    params: Uint8Array,
  ): Promise<Uint8Array> {
    if (depth > MAX_CALL_DEPTH) throw new ActorError(ExitCode.ErrForbidden, 'message execution exceeds call depth')
    let toId = await this.tree.lookupId(to)
    let toActor = toId && (await this.tree.getActor(toId))
    if (!toId || !toActor) {
      toId = await this.createAccount(ctx, depth, to)
      toActor = (await this.tree.getActor(toId))!
    }
    ctx.gas.charge(methodInvocationGas(this.pricelist, value, method), 'method invocation')
    if (value !== 0n) await this.transfer(from, toId, value)
    if (method === 0n) return new Uint8Array(0)
    return this.invoke(ctx, depth, from, toId, toActor, method, value, params)
  }

  private async invoke(
    ctx: CallContext,
    depth: number,
    caller: Address,
    receiver: Address,
    actor: Actor,
    method: bigint,
    value: bigint,
    params: Uint8Array,
  ): Promise<Uint8Array> {
    const cls = this.deps.actors.get(actor.code)
    if (!cls) throw new ActorError(ExitCode.ErrUnhandledMessage, `no implementation for actor code ${actor.code}`)
    const m = cls.methods.get(method)
    if (!m) throw new ActorError(ExitCode.ErrUnhandledMessage, `${cls.name} actor has no method ${method}`)
    let p: unknown
    try {
      p = m.params ? m.params.fromCbor(decodeCbor(params), `${cls.name}.${m.name} params`) : undefined
    } catch (err) {
      if (err instanceof LotusError) throw new ActorError(ExitCode.ErrSerialization, err.message)
      throw err
    }
    const rt = new VmRuntime(this, ctx, depth, caller, receiver, value)
    const r = await m.call(rt, p)
    return m.ret ? encodeCbor(m.ret.toCbor(r)) : new Uint8Array(0)
  }

  /** Moves `amount` between two actors (`vm.transfer`). */
  async transfer(from: Address, to: Address, amount: bigint): Promise<void> {
    if (amount < 0n) throw new ActorError(ExitCode.SysErrReserved2, `attempted to transfer negative value ${amount}`)
    const fromId = await this.tree.lookupId(from)
    const toId = await this.tree.lookupId(to)
    if (!fromId || !toId) throw new ActorError(ExitCode.SysErrInvalidReceiver, `transfer between unknown actors`)
    if (fromId.equals(toId)) return
    const f = (await this.tree.getActor(fromId))!
    if (f.balance < amount)
      throw new ActorError(
        ExitCode.SysErrInsufficientFunds,
        `transfer of ${amount} from ${from}: balance is ${f.balance}`,
      )
    await this.tree.setActor(fromId, { ...f, balance: f.balance - amount })
    const t = (await this.tree.getActor(toId))!
    await this.tree.setActor(toId, { ...t, balance: t.balance + amount })
  }

  /** Creates the account actor of a key address on its first receipt of a message (`TryCreateAccountActor`). */
  private async createAccount(ctx: CallContext, depth: number, addr: Address): Promise<Address> {
    ctx.gas.charge(createActorGas(this.pricelist), 'creating an account')
    if (addr.protocol !== Protocol.SECP256K1 && addr.protocol !== Protocol.BLS)
      throw new ActorError(ExitCode.SysErrInvalidReceiver, `no actor at ${addr}`)
    const id = await this.tree.registerNewAddress(addr)
    const head = await putCbor(this.deps.store, [])
    await this.tree.setActor(id, { code: CODE_CIDS.account, head, nonce: 0n, balance: 0n, delegatedAddress: null })
    const res = await this.call(ctx, depth + 1, SYSTEM_ACTOR_ADDR, id, METHOD_CONSTRUCTOR, 0n, encodeCbor(addr.bytes))
    if (res.exitCode !== 0) throw new ActorError(res.exitCode, `creating the account of ${addr}: ${res.error}`)
    return id
  }
}
