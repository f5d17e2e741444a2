/**
 * Hash Array Mapped Trie, byte-compatible with go-hamt-ipld v3 (the state tree and actor maps from
 * actors v3 on): bitWidth 5 by default, SHA-256 of the key bytes, index bits read MSB-first, buckets of
 * up to 3 entries sorted by key, and CHAMP-style collapse on delete (a child left with no links and at
 * most 3 entries folds back into its parent as one bucket), so a given set of entries always yields the
 * same root CID whatever the order of operations.
 *
 * The root CID names the root node itself. Changes stay in memory until `flush()`.
 */
import { decodeCbor } from '../../core/cbor/decode.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import type { CborValue } from '../../core/cbor/value.ts'
import { type CID, cidOfBytes } from '../../core/cid.ts'
import { bytesEqual, compareBytes, utf8 } from '../../util/bytes.ts'
import { InvalidError } from '../../util/errors.ts'
import { type Block, type Blockstore, getOrThrow, putBlocks } from '../blockstore.ts'
import { type HamtHashFn, hashIndex, sha256Hash } from './hash-bits.ts'
import {
  BUCKET_SIZE,
  type HamtEntry,
  type HamtLink,
  type HamtNode,
  decodeHamtNode,
  emptyHamtNode,
  encodeHamtNode,
} from './node.ts'

export interface HamtOptions {
  /** Bits of the hash consumed per level, 1..8. Default 5 (Filecoin's HAMTs). */
  bitWidth?: number
  /** Key hash. Default SHA-256. Must match the one the HAMT was built with. */
  hash?: HamtHashFn
}

/** Keys are bytes; a string is taken as its UTF-8 bytes (Go's string keys). */
export type HamtKey = Uint8Array | string

export const DEFAULT_HAMT_BIT_WIDTH = 5

const keyBytes = (k: HamtKey): Uint8Array => (typeof k === 'string' ? utf8(k) : k)

export class Hamt {
  private constructor(
    private readonly bs: Blockstore,
    readonly bitWidth: number,
    private readonly hash: HamtHashFn,
    private root: HamtNode,
  ) {}

  private static settings(opts: HamtOptions): { bitWidth: number; hash: HamtHashFn } {
    const bitWidth = opts.bitWidth ?? DEFAULT_HAMT_BIT_WIDTH
    if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 8) {
      throw new InvalidError(`HAMT bitWidth ${bitWidth} is outside 1..8`)
    }
    return { bitWidth, hash: opts.hash ?? sha256Hash }
  }

  static create(bs: Blockstore, opts: HamtOptions = {}): Hamt {
    const { bitWidth, hash } = Hamt.settings(opts)
    return new Hamt(bs, bitWidth, hash, emptyHamtNode(bitWidth))
  }

  /** Loads a HAMT by its root node's CID; bitWidth and hash must be the ones it was built with. */
  static async load(bs: Blockstore, root: CID, opts: HamtOptions = {}): Promise<Hamt> {
    const { bitWidth, hash } = Hamt.settings(opts)
    const node = decodeHamtNode(decodeCbor(await getOrThrow(bs, root)), bitWidth, true)
    return new Hamt(bs, bitWidth, hash, node)
  }

  private async child(link: HamtLink): Promise<HamtNode> {
    if (!link.cached)
      link.cached = decodeHamtNode(decodeCbor(await getOrThrow(this.bs, link.cid!)), this.bitWidth, false)
    return link.cached
  }

  /**
   * Walks from the root towards `digest`'s bucket, loading children as needed. Returns the path: each
   * node visited with the slot index taken in it, the last entry being the node whose slot is empty or a
   * bucket.
   */
  private async descend(digest: Uint8Array): Promise<{ node: HamtNode; idx: number }[]> {
    const path: { node: HamtNode; idx: number }[] = []
    let node = this.root
    for (let depth = 0; ; depth++) {
      const idx = hashIndex(digest, depth, this.bitWidth)
      path.push({ node, idx })
      const p = node.slots[idx]
      if (p?.kind !== 'link') return path
      node = p.cached ?? (await this.child(p))
    }
  }

  /** The value under `key`, or undefined. */
  async get(key: HamtKey): Promise<CborValue | undefined> {
    const k = keyBytes(key)
    const path = await this.descend(this.hash(k))
    const { node, idx } = path[path.length - 1]!
    const p = node.slots[idx]
    return p?.kind === 'bucket' ? p.entries.find((e) => bytesEqual(e.key, k))?.value : undefined
  }

  async has(key: HamtKey): Promise<boolean> {
    return (await this.get(key)) !== undefined
  }

  /** Marks the links along a path dirty (all but the last node's slot, which is not a link). */
  private static dirty(path: { node: HamtNode; idx: number }[]): void {
    for (let i = 0; i < path.length - 1; i++) (path[i]!.node.slots[path[i]!.idx] as HamtLink).dirty = true
  }

  /** Sets `key` to `value` (null is a value; it does not delete). */
  async set(key: HamtKey, value: CborValue): Promise<void> {
    const k = keyBytes(key)
    const digest = this.hash(k)
    const path = await this.descend(digest)
    Hamt.dirty(path)
    this.insert(path[path.length - 1]!.node, digest, path.length - 1, k, value)
  }

  /** Sets `key` only when it is absent (go-hamt-ipld SetIfAbsent); returns whether it was set. */
  async setIfAbsent(key: HamtKey, value: CborValue): Promise<boolean> {
    const k = keyBytes(key)
    const digest = this.hash(k)
    const path = await this.descend(digest)
    const { node, idx } = path[path.length - 1]!
    const p = node.slots[idx]
    if (p?.kind === 'bucket' && p.entries.some((e) => bytesEqual(e.key, k))) return false
    Hamt.dirty(path)
    this.insert(node, digest, path.length - 1, k, value)
    return true
  }

  /** Inserts into a node whose slot for `digest` at `depth` is empty or a bucket (no store access). */
  private insert(node: HamtNode, digest: Uint8Array, depth: number, key: Uint8Array, value: CborValue): void {
    const idx = hashIndex(digest, depth, this.bitWidth)
    const p = node.slots[idx]
    if (!p) {
      node.slots[idx] = { kind: 'bucket', entries: [{ key, value }] }
      return
    }
    if (p.kind === 'link') {
      // Only reached inside a freshly split (fully cached) subtree.
      this.insert(p.cached!, digest, depth + 1, key, value)
      return
    }
    const at = p.entries.findIndex((e) => bytesEqual(e.key, key))
    if (at >= 0) {
      p.entries[at] = { key, value }
      return
    }
    if (p.entries.length < BUCKET_SIZE) {
      const before = p.entries.findIndex((e) => compareBytes(key, e.key) < 0)
      p.entries.splice(before < 0 ? p.entries.length : before, 0, { key, value })
      return
    }
    // A full bucket becomes a child node holding its entries and the new one, one level deeper.
    const sub = emptyHamtNode(this.bitWidth)
    this.insert(sub, digest, depth + 1, key, value)
    for (const e of p.entries) this.insert(sub, this.hash(e.key), depth + 1, e.key, e.value)
    node.slots[idx] = { kind: 'link', cached: sub, dirty: true }
  }

  /** Removes `key`; returns whether it was present. */
  async delete(key: HamtKey): Promise<boolean> {
    const k = keyBytes(key)
    const path = await this.descend(this.hash(k))
    const { node, idx } = path[path.length - 1]!
    const p = node.slots[idx]
    if (p?.kind !== 'bucket') return false
    const at = p.entries.findIndex((e) => bytesEqual(e.key, k))
    if (at < 0) return false
    if (p.entries.length === 1) node.slots[idx] = undefined
    else p.entries.splice(at, 1)
    Hamt.dirty(path)
    // Bottom-up, each parent folds in its child when the child got small enough.
    for (let i = path.length - 2; i >= 0; i--) this.collapse(path[i]!.node, path[i]!.idx, path[i + 1]!.node)
    return true
  }

  /** A child with no links and at most BUCKET_SIZE entries folds into one bucket in its parent's slot. */
  private collapse(node: HamtNode, idx: number, child: HamtNode): void {
    const entries: HamtEntry[] = []
    for (const s of child.slots) {
      if (!s) continue
      if (s.kind === 'link') return
      entries.push(...s.entries)
      if (entries.length > BUCKET_SIZE) return
    }
    entries.sort((a, b) => compareBytes(a.key, b.key))
    node.slots[idx] = entries.length === 0 ? undefined : { kind: 'bucket', entries }
  }

  /** Visits every entry (in trie order: by hash, then by key within a bucket). */
  async forEach(cb: (key: Uint8Array, value: CborValue) => void | Promise<void>): Promise<void> {
    for await (const [k, v] of this.entries()) await cb(k, v)
  }

  async *entries(): AsyncGenerator<[Uint8Array, CborValue]> {
    yield* this.walk(this.root)
  }

  private async *walk(node: HamtNode): AsyncGenerator<[Uint8Array, CborValue]> {
    for (const p of node.slots) {
      if (!p) continue
      if (p.kind === 'link') yield* this.walk(await this.child(p))
      else for (const e of p.entries) yield [e.key, e.value]
    }
  }

  /** Writes every changed node (one batch) and the root node; returns the root CID. */
  async flush(): Promise<CID> {
    const blocks: Block[] = []
    const bytes = encodeCbor(this.flushNode(this.root, blocks))
    const cid = cidOfBytes(bytes)
    blocks.push({ cid, bytes })
    await putBlocks(this.bs, blocks)
    return cid
  }

  private flushNode(node: HamtNode, out: Block[]): CborValue {
    for (const p of node.slots) {
      if (p?.kind !== 'link' || !p.dirty) continue
      const bytes = encodeCbor(this.flushNode(p.cached!, out))
      p.cid = cidOfBytes(bytes)
      p.dirty = false
      out.push({ cid: p.cid, bytes })
    }
    return encodeHamtNode(node)
  }
}
