/** Test helpers for the mpool: keys, signed messages, and a provider over in-memory state. */
import type { PowerClaim, StateView } from '../../../src/chain/consensus/state-view.ts'
import type { MpoolProvider } from '../../../src/chain/mpool/provider.ts'
import { loadBlockMessages } from '../../../src/chain/store/msg-meta.ts'
import { Address } from '../../../src/core/address.ts'
import type { Message } from '../../../src/core/message.ts'
import { SigType } from '../../../src/core/signature.ts'
import { messageSigningBytes, type SignedMessage } from '../../../src/core/signed-message.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { sigSchemes } from '../../../src/crypto/sigs.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { NotFoundError } from '../../../src/util/errors.ts'
import { header } from '../store/chain-builder.ts'

export interface Key {
  type: 1 | 2
  priv: Uint8Array
  addr: Address
}

export function newKey(type: 1 | 2 = SigType.Secp256k1): Key {
  const s = sigSchemes[type]
  const priv = s.generatePrivateKey()
  return { type, priv, addr: s.address(s.publicKey(priv)) }
}

export function unsigned(from: Address, nonce: number | bigint, over: Partial<Message> = {}): Message {
  return {
    version: 0,
    to: Address.fromId(1001),
    from,
    nonce: BigInt(nonce),
    value: 0n,
    gasLimit: 1_000_000n,
    gasFeeCap: 1_000n,
    gasPremium: 100n,
    method: 0n,
    params: new Uint8Array(),
    ...over,
  }
}

export function signMsg(key: Key, m: Message): SignedMessage {
  return {
    message: m,
    signature: { type: key.type, data: sigSchemes[key.type].sign(key.priv, messageSigningBytes(m)) },
  }
}

export function signed(key: Key, nonce: number | bigint, over: Partial<Message> = {}): SignedMessage {
  return signMsg(key, unsigned(key.addr, nonce, over))
}

/** Mutable in-memory state behind a StateView. */
export class FakeState implements StateView {
  nonces = new Map<string, bigint>()
  balances = new Map<string, bigint>()
  async actorNonce(a: Address) {
    return this.nonces.get(a.toString()) ?? 0n
  }
  async actorBalance(a: Address) {
    return this.balances.get(a.toString()) ?? 0n
  }
  async minerPower(): Promise<PowerClaim | undefined> {
    return undefined
  }
  async totalPower(): Promise<PowerClaim> {
    return { rawBytePower: 0n, qualityAdjPower: 0n }
  }
  async minerEligible() {
    return false
  }
  async minerWorkerKey(m: Address): Promise<Address> {
    throw new NotFoundError(`no miner ${m}`)
  }
  async accountKey(a: Address) {
    return a
  }
}

export class FakeProvider implements MpoolProvider {
  state = new FakeState()
  bs = new MemoryBlockstore()
  tipsets = new Map<string, TipSet>()
  published: SignedMessage[] = []
  baseFeeValue = 100n
  current: TipSet
  /** `headBaseFee`: the head's ParentBaseFee (the mpool's base fee lower bound is 1/100 of it). */
  constructor(headBaseFee = 100n) {
    this.current = TipSet.create([header({ miner: Address.fromId(0), parentBaseFee: headBaseFee })])
    this.tipsets.set(this.current.key.key, this.current)
  }
  head() {
    return this.current
  }
  stateAfter() {
    return this.state
  }
  async baseFee() {
    return this.baseFeeValue
  }
  async loadTipSet(k: TipSet['key']) {
    const ts = this.tipsets.get(k.key)
    if (!ts) throw new NotFoundError(`tipset ${k}`)
    return ts
  }
  messagesForBlock(h: TipSet['blocks'][number]) {
    return loadBlockMessages(this.bs, h.messages)
  }
  publish(sm: SignedMessage) {
    this.published.push(sm)
  }
}
