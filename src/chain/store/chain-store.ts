/**
 * The chain store (Lotus `chain/store`): block headers and messages in a Blockstore (LMDB in the daemon),
 * and in its own LMDB environment the heaviest head with its weight, a height index of the canonical
 * chain and a message index (message CID -> including tipset). A head change writes the head, the height
 * index and the message index in one LMDB transaction, after the blocks it names are committed, so a kill -9
 * at any point leaves a store that reopens at the old head or the new one, never in between.
 */
import { type RootDatabase, type Database, open } from 'lmdb'
import { type BlockHeader, BlockHeaderCodec, blockHeaderBytes } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import { decode } from '../../core/codec.ts'
import { cidOfBytes } from '../../core/cid.ts'
import { decodeCbor } from '../../core/cbor/decode.ts'
import { encode } from '../../core/codec.ts'
import { decodeMessage, type Message, messageBytes, messageCid } from '../../core/message.ts'
import { type SignedMessage, SignedMessageCodec, signedMessageCid } from '../../core/signed-message.ts'
import { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { type Blockstore, getOrThrow } from '../../ipld/blockstore.ts'
import { breakWeightTie } from '../consensus/weight.ts'
import { errorMessage, ErrorCode, InvalidError, LotusError, NotFoundError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { computeNextBaseFee } from '../consensus/base-fee.ts'
import { decodeMsgLocation, encodeMsgLocation, heightFromKey, heightKey, type MsgLocation } from './keys.ts'
import { type BlockMessageLists, loadBlockMessages, putBlockMessages } from './msg-meta.ts'
import { exceedsForkLength, type HeadChange, headChanges, reorgOps } from './reorg.ts'

export interface ChainStoreDeps {
  /** Where headers and messages live (an LmdbBlockstore in the daemon). */
  blockstore: Blockstore
}

export interface ChainStoreOptions {
  /** Directory of the index environment (created when absent). */
  path: string
  /** Epochs beyond which a reorg is refused. Default 900. */
  finality?: number
}

/** A message of a tipset in execution order, with the CID the chain knows it by. */
export interface ChainMessage {
  cid: CID
  message: Message
  /** Present for secp (and other non-BLS) messages. */
  signed?: SignedMessage
}

export type HeadChangeListener = (changes: HeadChange[]) => void

const log = logger('chainstore')

const HEAD = 'head'
const HEAD_WEIGHT = 'headWeight'
const GENESIS = 'genesis'

function storageError(what: string, err: unknown): LotusError {
  return new LotusError(ErrorCode.Storage, `chain store: ${what}: ${(err as Error)?.message ?? err}`, { cause: err })
}

export class ChainStore {
  private head: TipSet | null = null
  private headWeight = 0n
  private readonly tipsets = new Map<string, TipSet>()
  private readonly listeners = new Set<HeadChangeListener>()
  private readonly finality: number

  private constructor(
    private readonly bs: Blockstore,
    private readonly root: RootDatabase,
    private readonly meta: Database<Uint8Array, string>,
    private readonly heights: Database<Uint8Array, Uint8Array>,
    private readonly msgIndex: Database<Uint8Array, Uint8Array>,
    opts: ChainStoreOptions,
  ) {
    this.finality = opts.finality ?? 900
  }

  /** Opens the store and loads the persisted head, if any. */
  static async open(deps: ChainStoreDeps, opts: ChainStoreOptions): Promise<ChainStore> {
    const bin = { encoding: 'binary', keyEncoding: 'binary', cache: false, compression: false } as const
    let root: RootDatabase
    try {
      root = open({ path: opts.path, maxDbs: 8, compression: false })
    } catch (err) {
      throw storageError(`cannot open ${opts.path}`, err)
    }
    const cs = new ChainStore(
      deps.blockstore,
      root,
      root.openDB<Uint8Array, string>({ name: 'meta', encoding: 'binary', cache: false, compression: false }),
      root.openDB<Uint8Array, Uint8Array>({ name: 'heights', ...bin }),
      root.openDB<Uint8Array, Uint8Array>({ name: 'msgs', ...bin }),
      opts,
    )
    const headKey = cs.metaGet(HEAD)
    if (headKey) {
      cs.head = await cs.loadTipSet(TipSetKey.fromBytes(headKey))
      cs.headWeight = BigInt(new TextDecoder().decode(cs.metaGet(HEAD_WEIGHT) ?? new Uint8Array()) || '0')
    }
    return cs
  }

  private metaGet(key: string): Uint8Array | undefined {
    const b = this.meta.getBinary(key)
    return b === undefined ? undefined : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
  }

  // ---- blocks and messages ----

  /** Stores a header; returns its CID. */
  async putBlockHeader(h: BlockHeader): Promise<CID> {
    const bytes = blockHeaderBytes(h)
    const cid = cidOfBytes(bytes)
    await this.bs.put(cid, bytes)
    return cid
  }

  async getBlockHeader(cid: CID): Promise<BlockHeader> {
    const bytes = await this.bs.get(cid)
    if (bytes === undefined) throw new NotFoundError(`block header ${cid} not found`)
    return decode(BlockHeaderCodec, bytes)
  }

  /** Stores one message: unsigned (BLS, by its CID) or signed (by the signed CID); returns the CID. */
  async putMessage(m: Message | SignedMessage): Promise<CID> {
    const signed = 'signature' in m
    const bytes = signed ? encode(SignedMessageCodec, m) : messageBytes(m)
    const cid = cidOfBytes(bytes)
    await this.bs.put(cid, bytes)
    return cid
  }

  /** The unsigned message stored under `cid` (either form: a signed message yields its inner message). */
  async getMessage(cid: CID): Promise<Message> {
    const bytes = await this.bs.get(cid)
    if (bytes === undefined) throw new NotFoundError(`message ${cid} not found`)
    try {
      return decodeMessage(bytes)
    } catch {
      return SignedMessageCodec.fromCbor(decodeCbor(bytes), `SignedMessage ${cid}`).message
    }
  }

  /** Stores a block's messages and their MsgMeta; returns the MsgMeta CID. */
  putBlockMessages(msgs: BlockMessageLists): Promise<CID> {
    return putBlockMessages(this.bs, msgs)
  }

  /** A block's BLS and secp messages. */
  messagesForBlock(h: BlockHeader): Promise<BlockMessageLists> {
    return loadBlockMessages(this.bs, h.messages)
  }

  /** The tipset's messages in execution order: blocks in order, BLS then secp, first occurrence only. */
  async messagesForTipSet(ts: TipSet): Promise<ChainMessage[]> {
    const seen = new Set<string>()
    const out: ChainMessage[] = []
    for (const b of ts.blocks) {
      const { bls, secp } = await this.messagesForBlock(b)
      const add = (cm: ChainMessage) => {
        const k = cm.cid.toString()
        if (seen.has(k)) return
        seen.add(k)
        out.push(cm)
      }
      for (const m of bls) add({ cid: messageCid(m), message: m })
      for (const sm of secp) add({ cid: signedMessageCid(sm), message: sm.message, signed: sm })
    }
    return out
  }

  /** The base fee of blocks mined on `ts` (Lotus `ComputeBaseFee`, classic rule). */
  async computeBaseFee(
    ts: TipSet,
    profile: Pick<NetworkProfile, 'blockGasTarget' | 'minimumBaseFee'>,
  ): Promise<bigint> {
    const limits = (await this.messagesForTipSet(ts)).map((m) => m.message.gasLimit)
    return computeNextBaseFee(ts.blocks[0]!.parentBaseFee, limits, ts.blocks.length, profile)
  }

  /** Raw bytes of any stored object (ChainReadObj). */
  readObj(cid: CID): Promise<Uint8Array> {
    return getOrThrow(this.bs, cid)
  }

  // ---- tipsets ----

  /** Stores the headers of a tipset. */
  async putTipSet(ts: TipSet): Promise<void> {
    for (const b of ts.blocks) await this.putBlockHeader(b)
    this.tipsets.set(ts.key.key, ts)
  }

  async loadTipSet(key: TipSetKey): Promise<TipSet> {
    const cached = this.tipsets.get(key.key)
    if (cached) return cached
    if (key.isEmpty) throw new InvalidError('cannot load the empty tipset key')
    const headers: BlockHeader[] = []
    for (const cid of key.cids) headers.push(await this.getBlockHeader(cid))
    const ts = TipSet.create(headers)
    if (!ts.key.equals(key)) throw new InvalidError(`tipset key ${key} is not in canonical order (expected ${ts.key})`)
    if (this.tipsets.size > 4096) this.tipsets.clear()
    this.tipsets.set(key.key, ts)
    return ts
  }

  // ---- genesis and head ----

  /** Records the genesis block and makes it the head of an empty store. */
  async setGenesis(genesis: BlockHeader): Promise<void> {
    const cid = await this.putBlockHeader(genesis)
    const ts = TipSet.create([genesis])
    await this.meta.put(GENESIS, cid.bytes)
    if (this.head === null) await this.setHead(ts, genesis.parentWeight)
  }

  async getGenesis(): Promise<BlockHeader> {
    const b = this.metaGet(GENESIS)
    if (!b) throw new NotFoundError('chain store has no genesis')
    return this.getBlockHeader(cidFromRaw(b))
  }

  /** The heaviest tipset (null before genesis). */
  getHead(): TipSet | null {
    return this.head
  }

  getHeadWeight(): bigint {
    return this.headWeight
  }

  /** Subscribes to head changes; returns the unsubscribe function. */
  subscribe(listener: HeadChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Adopts `ts` (of weight `weight`) if it is heavier than the head, or equally heavy with the smaller
   * ticket. Returns whether it became the head; throws InvalidError for a fork deeper than finality.
   */
  async maybeTakeHeavierTipSet(ts: TipSet, weight: bigint): Promise<boolean> {
    if (this.head !== null) {
      if (ts.equals(this.head)) return false
      if (weight < this.headWeight) return false
      if (weight === this.headWeight && !breakWeightTie(ts, this.head)) return false
      if (await exceedsForkLength((k) => this.loadTipSet(k), this.head, ts, this.finality))
        throw new InvalidError(
          `refusing reorg from ${this.head.key} (height ${this.head.height}) to ${ts.key} (height ${ts.height}): ` +
            `the fork is ${this.finality} or more tipsets deep (finality)`,
        )
    }
    await this.setHead(ts, weight)
    return true
  }

  /** Makes `ts` the head unconditionally (its ancestors must be stored), updating indices atomically. */
  async setHead(ts: TipSet, weight: bigint): Promise<void> {
    await this.putTipSet(ts)
    const old = this.head
    const ops = old ? await reorgOps((k) => this.loadTipSet(k), old, ts) : { revert: [], apply: await this.chainTo(ts) }
    const removeMsgs: Uint8Array[] = []
    for (const r of ops.revert) for (const m of await this.messagesForTipSet(r)) removeMsgs.push(m.cid.bytes)
    const addMsgs: [Uint8Array, Uint8Array][] = []
    for (const a of ops.apply) {
      const msgs = await this.messagesForTipSet(a)
      msgs.forEach((m, index) => {
        addMsgs.push([m.cid.bytes, encodeMsgLocation({ tipset: a.key, height: a.height, index })])
      })
    }
    try {
      await this.root.transaction(() => {
        for (const r of ops.revert) this.heights.remove(heightKey(r.height))
        for (const c of removeMsgs) this.msgIndex.remove(c)
        for (const a of ops.apply) this.heights.put(heightKey(a.height), a.key.bytes)
        for (const [c, loc] of addMsgs) this.msgIndex.put(c, loc)
        this.meta.put(HEAD, ts.key.bytes)
        this.meta.put(HEAD_WEIGHT, new TextEncoder().encode(weight.toString()))
      })
    } catch (err) {
      throw storageError(`set head ${ts.key}`, err)
    }
    this.head = ts
    this.headWeight = weight
    const changes = headChanges(ops)
    for (const l of this.listeners) {
      try {
        l(changes)
      } catch (err) {
        log.error('head change listener failed', { head: ts.key.toString(), error: errorMessage(err) })
      }
    }
  }

  /** The chain from genesis to `ts`, newest first (what a first head applies). */
  private async chainTo(ts: TipSet): Promise<TipSet[]> {
    const out = [ts]
    let cur = ts
    while (cur.height > 0 && !cur.parents.isEmpty) {
      try {
        cur = await this.loadTipSet(cur.parents)
      } catch (err) {
        if (err instanceof NotFoundError) break // the genesis's fixed parent block is not a tipset we hold
        throw err
      }
      out.push(cur)
    }
    return out
  }

  // ---- lookups ----

  /**
   * The tipset at `height` on the chain ending at `from` (default: the head). A null round gives the
   * tipset before it (Lotus `GetTipsetByHeight` with prev = true), or after it when `prev` is false.
   */
  async getTipSetByHeight(height: number, from?: TipSet, prev = true): Promise<TipSet> {
    const start = from ?? this.head
    if (start === null) throw new NotFoundError('chain store has no head')
    if (height > start.height)
      throw new InvalidError(`looking for tipset with height greater than start point (${height} > ${start.height})`)
    if (height < 0) throw new InvalidError(`height ${height} is negative`)
    if (this.head !== null && start.equals(this.head)) {
      // The canonical chain: the height index answers directly.
      for (const { key, value } of this.heights.getRange({ start: heightKey(height), reverse: true, limit: 1 })) {
        const ts = await this.loadTipSet(TipSetKey.fromBytes(value))
        if (heightFromKey(key) === height || prev) return ts
        return this.childOf(ts)
      }
    }
    let cur = start
    let child = start
    while (cur.height > height) {
      child = cur
      cur = await this.loadTipSet(cur.parents)
    }
    return cur.height === height || prev ? cur : child
  }

  private async childOf(ts: TipSet): Promise<TipSet> {
    const head = this.head!
    for (const { value } of this.heights.getRange({
      start: heightKey(ts.height + 1),
      end: heightKey(head.height + 1),
      limit: 1,
    }))
      return this.loadTipSet(TipSetKey.fromBytes(value))
    return head
  }

  /** Where a message was included on the canonical chain (for StateSearchMsg), or undefined. */
  searchMessage(cid: CID): MsgLocation | undefined {
    const v = this.msgIndex.getBinary(cid.bytes)
    return v === undefined ? undefined : decodeMsgLocation(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
  }

  /** Waits for pending writes and closes the index environment (not the blockstore). */
  async close(): Promise<void> {
    await this.root.committed
    await this.root.close()
  }
}

function cidFromRaw(bytes: Uint8Array): CID {
  return TipSetKey.fromBytes(bytes).cids[0]!
}
