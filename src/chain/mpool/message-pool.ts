/**
 * The message pool (Lotus `chain/messagepool`): pending messages by sender, admission (checkMessage, state
 * nonce, balance, nonce gaps, replace-by-fee, per-sender limits), nonces, greedy selection for a block, head
 * changes (included messages leave, reverted ones return) and republishing of local messages.
 * Senders are keyed by the message's From address as given.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import type { Signature } from '../../core/signature.ts'
import { SigType } from '../../core/signature.ts'
import { type SignedMessage, signedMessageCid } from '../../core/signed-message.ts'
import { messageCid } from '../../core/message.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { errorMessage, InvalidError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { checkMessage, verifyMessageSignature } from './admission.ts'
import { MpoolError } from './errors.ts'
import { type AddLimits, MsgSet, requiredFunds } from './msg-set.ts'
import type { HeadChange } from '../store/reorg.ts'
import type { MpoolProvider } from './provider.ts'
import { selectMessagesGreedy } from './selection.ts'

const log = logger('mpool')
/** Signatures of BLS messages seen (Lotus `blsSigCache`, 40,000): reverted blocks carry none. */
const BLS_SIG_CACHE_MAX = 40_000

export interface MpoolOptions {
  profile: Pick<NetworkProfile, 'blockGasLimit' | 'minimumBaseFee'>
  /** Pending messages per sender (Lotus `MaxActorPendingMessages`). Default 1000. */
  maxPendingPerSender?: number
  /** The same for untrusted pushes (`MaxUntrustedActorPendingMessages`). Default 10. */
  maxUntrustedPendingPerSender?: number
  /** How far past the next nonce a message may be (Lotus `MaxNonceGap`). Default 4. */
  maxNonceGap?: number
  /** Network messages need GasFeeCap ≥ baseFee / this (Lotus `baseFeeLowerBoundFactorConservative`). Default 100. */
  baseFeeLowerBoundFactor?: bigint
  /** Senders selected first (Lotus `PriorityAddrs`). Default: none. */
  priorityAddrs?: readonly Address[]
}

export interface PushOptions {
  /** Treat as untrusted (Lotus MpoolPushUntrusted): contiguous nonces only, fewer pending. */
  untrusted?: boolean
  /** Broadcast after admission. Default true. */
  publish?: boolean
}

export class MessagePool {
  private readonly pendingBySender = new Map<string, MsgSet>()
  /** Senders that pushed locally (Lotus `localAddrs`): their messages are republished. */
  private readonly localSenders = new Set<string>()
  private readonly blsSigs = new Map<string, Signature>()
  private readonly verified = new Set<string>()
  private curTs: TipSet
  private queue: Promise<void> = Promise.resolve()
  private readonly opts: Required<MpoolOptions>

  constructor(
    private readonly provider: MpoolProvider,
    opts: MpoolOptions,
  ) {
    this.curTs = provider.head()
    this.opts = {
      maxPendingPerSender: 1000,
      maxUntrustedPendingPerSender: 10,
      maxNonceGap: 4,
      baseFeeLowerBoundFactor: 100n,
      priorityAddrs: [],
      ...opts,
    }
  }

  /** The tipset the pool is relative to. */
  get head(): TipSet {
    return this.curTs
  }

  /** A local push (MpoolPush): checks, adds, publishes; returns the message CID. */
  async push(sm: SignedMessage, o: PushOptions = {}): Promise<CID> {
    const limits: AddLimits = o.untrusted
      ? { maxNonceGap: 0n, maxPending: this.opts.maxUntrustedPendingPerSender }
      : { maxNonceGap: BigInt(this.opts.maxNonceGap), maxPending: this.opts.maxPendingPerSender }
    const publishable = await this.serial(() => this.admit(sm, limits, true))
    const cid = signedMessageCid(sm)
    this.localSenders.add(sm.message.from.toString())
    // A fee cap below the base fee lower bound waits for the republish loop (Lotus `verifyMsgBeforeAdd`).
    if (o.publish !== false && publishable) await this.provider.publish?.(sm)
    return cid
  }

  /** A message from the network (gossip): the same checks, plus the base fee lower bound. */
  async add(sm: SignedMessage): Promise<void> {
    const limits = { maxNonceGap: BigInt(this.opts.maxNonceGap), maxPending: this.opts.maxPendingPerSender }
    await this.serial(() => this.admit(sm, limits, false))
  }

  /** Runs admissions and head changes one at a time (Lotus's add semaphore and curTs lock). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn)
    this.queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /** Admits a message; returns whether it may be published now (its fee cap meets the lower bound). */
  private async admit(sm: SignedMessage, limits: AddLimits, local: boolean): Promise<boolean> {
    checkMessage(sm, this.opts.profile)
    const state = this.provider.stateAfter(this.curTs)
    // A BLS message's CID does not cover its signature, so the cache key adds it (Lotus `sigCacheKey`).
    const cidKey =
      sm.signature.type === SigType.BLS
        ? `${signedMessageCid(sm)}:${Buffer.from(sm.signature.data).toString('hex')}`
        : signedMessageCid(sm).toString()
    if (!this.verified.has(cidKey)) {
      await verifyMessageSignature(sm, state)
      if (this.verified.size > 32_768) this.verified.clear()
      this.verified.add(cidKey)
    }
    const m = sm.message
    const stateNonce = await state.actorNonce(m.from)
    if (stateNonce > m.nonce)
      throw new InvalidError(`minimum expected nonce is ${stateNonce}, got ${m.nonce}: ${MpoolError.NonceTooLow}`)
    // Lotus takes the head's own ParentBaseFee here: the next base fee is at most 12.5% away from it.
    const baseFee = this.curTs.blocks[0]!.parentBaseFee
    let bound = baseFee / this.opts.baseFeeLowerBoundFactor
    if (bound < this.opts.profile.minimumBaseFee) bound = this.opts.profile.minimumBaseFee
    const publishable = m.gasFeeCap >= bound
    if (!local && !publishable) {
      throw new InvalidError(
        `GasFeeCap doesn't meet base fee lower bound for inclusion in the next 20 blocks ` +
          `(GasFeeCap: ${m.gasFeeCap}, baseFeeLowerBound: ${bound}): ${MpoolError.SoftValidationFailure}`,
      )
    }
    const balance = await state.actorBalance(m.from)
    const own = requiredFunds(sm)
    if (balance < own)
      throw new InvalidError(`not enough funds (required: ${own}, balance: ${balance}): ${MpoolError.NotEnoughFunds}`)
    const total = own + (this.pendingBySender.get(m.from.toString())?.requiredFundsExcept(m.nonce) ?? 0n)
    if (balance < total)
      throw new InvalidError(
        `not enough funds including pending messages (required: ${total}, balance: ${balance}): ${MpoolError.NotEnoughFunds}`,
      )
    await this.addToSet(sm, limits)
    return publishable
  }

  /** Adds to the sender's set, creating it at the state nonce; an empty set is never left behind. */
  private async addToSet(sm: SignedMessage, limits: AddLimits): Promise<void> {
    const k = sm.message.from.toString()
    const set =
      this.pendingBySender.get(k) ?? new MsgSet(await this.provider.stateAfter(this.curTs).actorNonce(sm.message.from))
    set.add(sm, limits)
    this.pendingBySender.set(k, set)
    if (sm.signature.type === SigType.BLS) {
      if (this.blsSigs.size >= BLS_SIG_CACHE_MAX) this.blsSigs.clear()
      this.blsSigs.set(messageCid(sm.message).toString(), sm.signature)
    }
  }

  /** Every pending message, by sender then nonce (MpoolPending). */
  pending(): SignedMessage[] {
    const out: SignedMessage[] = []
    for (const set of this.pendingBySender.values())
      out.push(...[...set.msgs.values()].sort((a, b) => (a.message.nonce < b.message.nonce ? -1 : 1)))
    return out
  }

  /** The next nonce for a sender: the state nonce, advanced past its contiguous pending messages (MpoolGetNonce). */
  async getNonce(addr: Address): Promise<bigint> {
    const stateNonce = await this.provider.stateAfter(this.curTs).actorNonce(addr)
    const set = this.pendingBySender.get(addr.toString())
    if (!set || stateNonce > set.nextNonce) return stateNonce
    return set.nextNonce
  }

  /** Removes a pending message; `applied` when it was included on chain. */
  remove(from: Address, nonce: bigint, applied: boolean): void {
    const k = from.toString()
    const set = this.pendingBySender.get(k)
    if (!set) return
    set.rm(nonce, applied)
    if (set.msgs.size === 0) this.pendingBySender.delete(k)
  }

  /** Greedy selection for a block on the current head, within the block gas and message limits. */
  selectMessages(): Promise<SignedMessage[]> {
    return this.serial(() => this.runSelection())
  }

  private async runSelection(): Promise<SignedMessage[]> {
    const state = this.provider.stateAfter(this.curTs)
    const baseFee = await this.provider.baseFee(this.curTs)
    const pending = new Map<string, Map<bigint, SignedMessage>>()
    const senders = new Map<string, { nonce: bigint; balance: bigint }>()
    for (const [k, set] of this.pendingBySender) {
      const from = set.msgs.values().next().value?.message.from
      if (!from) continue
      pending.set(k, set.msgs)
      senders.set(k, { nonce: await state.actorNonce(from), balance: await state.actorBalance(from) })
    }
    return selectMessagesGreedy({
      pending,
      senderState: (s) => senders.get(s)!,
      baseFee,
      blockGasLimit: this.opts.profile.blockGasLimit,
      priority: new Set(this.opts.priorityAddrs.map((a) => a.toString())),
    })
  }

  /**
   * Follows the chain (Lotus `HeadChange`): messages of reverted tipsets come back (BLS ones when their
   * signature is known), messages of applied tipsets leave.
   */
  headChange(revert: readonly TipSet[], apply: readonly TipSet[]): Promise<void> {
    return this.serial(() => this.runHeadChange(revert, apply))
  }

  private async runHeadChange(revert: readonly TipSet[], apply: readonly TipSet[]): Promise<void> {
    const returning = new Map<string, Map<bigint, SignedMessage>>()
    const rm = (from: Address, nonce: bigint) => {
      const s = returning.get(from.toString())
      if (s?.has(nonce)) s.delete(nonce)
      else this.remove(from, nonce, true)
    }
    for (const ts of revert) {
      this.curTs = await this.provider.loadTipSet(ts.parents)
      for (const b of ts.blocks) {
        const { bls, secp } = await this.provider.messagesForBlock(b)
        const back: SignedMessage[] = [...secp]
        for (const m of bls) {
          const sig = this.blsSigs.get(messageCid(m).toString())
          if (sig) back.push({ message: m, signature: sig })
        }
        for (const sm of back) {
          const k = sm.message.from.toString()
          if (!returning.has(k)) returning.set(k, new Map())
          returning.get(k)!.set(sm.message.nonce, sm)
        }
      }
    }
    for (const ts of apply) {
      this.curTs = ts
      for (const b of ts.blocks) {
        const { bls, secp } = await this.provider.messagesForBlock(b)
        for (const sm of secp) rm(sm.message.from, sm.message.nonce)
        for (const m of bls) rm(m.from, m.nonce)
      }
    }
    for (const msgs of returning.values())
      for (const sm of msgs.values()) {
        try {
          await this.addToSet(sm, { maxPending: Number.MAX_SAFE_INTEGER })
        } catch {
          // Already pending (same CID) or outbid by a replacement: the pool keeps what it has.
        }
      }
  }

  /** Applies chain store head-change notifications (reverts newest first, then applies oldest first). */
  applyHeadChanges(changes: readonly HeadChange[]): Promise<void> {
    const revert = changes.filter((c) => c.type === 'revert').map((c) => c.ts)
    const apply = changes.filter((c) => c.type === 'apply').map((c) => c.ts)
    return this.headChange(revert, apply)
  }

  /**
   * Republishes what local senders can have included next: for each sender that pushed locally, the
   * pending run that starts at its state nonce. Returns how many were published.
   */
  async republish(): Promise<number> {
    if (!this.provider.publish) return 0
    const state = this.provider.stateAfter(this.curTs)
    let n = 0
    for (const [sender, set] of this.pendingBySender) {
      const first = set.msgs.values().next().value
      if (!first || !this.localSenders.has(sender)) continue
      let nonce = await state.actorNonce(first.message.from)
      for (let sm = set.msgs.get(nonce); sm; sm = set.msgs.get(++nonce)) {
        await this.provider.publish(sm)
        n++
      }
    }
    return n
  }

  /**
   * Republishes every `intervalMs` until `signal` aborts (Lotus's republish loop runs every
   * RepublishInterval, ten block delays plus the propagation delay).
   */
  startRepublishLoop(intervalMs: number, signal: AbortSignal): void {
    const timer = setInterval(() => {
      this.republish().catch((err) => log.warn('republish failed', { error: errorMessage(err) }))
    }, intervalMs)
    timer.unref()
    signal.addEventListener('abort', () => clearInterval(timer), { once: true })
  }
}
