/**
 * The chain store (Lotus `chain/store`): block headers and messages in a Blockstore (LMDB in the daemon);
 * the heaviest head with its weight, a height index of the canonical chain and a message index in its own
 * LMDB environment (index-db.ts). A head change writes all three in one transaction, after the blocks it
 * names are committed, so a kill -9 at any point reopens at the old head or the new one, never in between.
 */
import { type BlockHeader, BlockHeaderCodec, blockHeaderBytes } from '../../core/block-header.ts'
import { type CID, cidOfBytes } from '../../core/cid.ts'
import { decode } from '../../core/codec.ts'
import type { Message } from '../../core/message.ts'
import type { SignedMessage } from '../../core/signed-message.ts'
import { TipSet } from '../../core/tipset.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'
import { type Blockstore, getOrThrow } from '../../ipld/blockstore.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { errorMessage, InvalidError, NotFoundError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { computeNextBaseFee } from '../consensus/base-fee.ts'
import { breakWeightTie } from '../consensus/weight.ts'
import { ChainIndexDb } from './index-db.ts'
import type { MsgLocation } from './keys.ts'
import { type ChainMessage, getMessage, putMessage, tipsetMessages } from './messages.ts'
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

export type HeadChangeListener = (changes: HeadChange[]) => void

const log = logger('chainstore')
const TIPSET_CACHE_MAX = 4096

export class ChainStore {
  private head: TipSet | null = null
  private headWeight = 0n
  private readonly tipsets = new Map<string, TipSet>()
  private readonly listeners = new Set<HeadChangeListener>()
  private readonly finality: number

  private constructor(
    private readonly bs: Blockstore,
    private readonly db: ChainIndexDb,
    opts: ChainStoreOptions,
  ) {
    this.finality = opts.finality ?? 900
  }

  /** Opens the store and loads the persisted head, if any. */
  static async open(deps: ChainStoreDeps, opts: ChainStoreOptions): Promise<ChainStore> {
    const cs = new ChainStore(deps.blockstore, ChainIndexDb.open(opts.path), opts)
    const saved = cs.db.readHead()
    if (saved) {
      cs.head = await cs.loadTipSet(saved.key)
      cs.headWeight = saved.weight
    }
    return cs
  }

  // ---- blocks and messages ----

  /** Stores a header; returns its CID. */
  async putBlockHeader(h: BlockHeader): Promise<CID> {
    const bytes = blockHeaderBytes(h)
    const cid = cidOfBytes(bytes)
    await this.bs.put(cid, bytes)
    return cid
  }

  /** Whether a header is stored (a block seen before is a duplicate). */
  hasBlockHeader(cid: CID): Promise<boolean> {
    return this.bs.has(cid)
  }

  async getBlockHeader(cid: CID): Promise<BlockHeader> {
    const bytes = await this.bs.get(cid)
    if (bytes === undefined) throw new NotFoundError(`block header ${cid} not found`)
    return decode(BlockHeaderCodec, bytes)
  }

  /** Stores one message: unsigned (BLS, by its CID) or signed (by the signed CID); returns the CID. */
  putMessage(m: Message | SignedMessage): Promise<CID> {
    return putMessage(this.bs, m)
  }

  /** The unsigned message stored under `cid` (ChainGetMessage). */
  getMessage(cid: CID): Promise<Message> {
    return getMessage(this.bs, cid)
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
  messagesForTipSet(ts: TipSet): Promise<ChainMessage[]> {
    return tipsetMessages(this.bs, ts)
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
    this.cache(ts)
  }

  async loadTipSet(key: TipSetKey): Promise<TipSet> {
    const cached = this.tipsets.get(key.key)
    if (cached) return cached
    if (key.isEmpty) throw new InvalidError('cannot load the empty tipset key')
    const headers: BlockHeader[] = []
    for (const cid of key.cids) headers.push(await this.getBlockHeader(cid))
    const ts = TipSet.create(headers)
    if (!ts.key.equals(key)) throw new InvalidError(`tipset key ${key} is not in canonical order (expected ${ts.key})`)
    this.cache(ts)
    return ts
  }

  private cache(ts: TipSet): void {
    if (this.tipsets.size >= TIPSET_CACHE_MAX) this.tipsets.clear()
    this.tipsets.set(ts.key.key, ts)
  }

  // ---- genesis and head ----

  /**
   * Records the genesis block and makes it the head of an empty store, with `weight` (Lotus computes the
   * genesis tipset's weight from its state; default: its ParentWeight).
   */
  async setGenesis(genesis: BlockHeader, weight: bigint = genesis.parentWeight): Promise<void> {
    const cid = await this.putBlockHeader(genesis)
    await this.db.writeGenesis(cid)
    if (this.head === null) await this.setHead(TipSet.create([genesis]), weight)
  }

  async getGenesis(): Promise<BlockHeader> {
    const cid = this.db.readGenesis()
    if (!cid) throw new NotFoundError('chain store has no genesis')
    return this.getBlockHeader(cid)
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
    const removeMsgs: CID[] = []
    for (const r of ops.revert) for (const m of await this.messagesForTipSet(r)) removeMsgs.push(m.cid)
    const addMsgs: [CID, MsgLocation][] = []
    for (const a of ops.apply)
      (await this.messagesForTipSet(a)).forEach((m, index) => {
        addMsgs.push([m.cid, { tipset: a.key, height: a.height, index }])
      })
    await this.db.writeHead({ head: ts, weight, revert: ops.revert, apply: ops.apply, removeMsgs, addMsgs })
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
    while (cur.height > 0) {
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
    const head = this.head
    const hit = head !== null && start.equals(head) ? this.db.atOrBelow(height) : undefined
    if (hit && head) {
      // The canonical chain: the height index answers directly.
      if (hit.height === height || prev) return this.loadTipSet(hit.key)
      const after = this.db.firstAbove(hit.height, head.height + 1)
      return after ? this.loadTipSet(after) : head
    }
    let cur = start
    let child = start
    while (cur.height > height) {
      child = cur
      cur = await this.loadTipSet(cur.parents)
    }
    return cur.height === height || prev ? cur : child
  }

  /** Where a message was included on the canonical chain (for StateSearchMsg), or undefined. */
  searchMessage(cid: CID): MsgLocation | undefined {
    return this.db.msgLocation(cid)
  }

  /** Waits for pending writes and closes the index environment (not the blockstore). */
  async close(): Promise<void> {
    await this.db.close()
  }
}
