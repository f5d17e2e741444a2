/**
 * Array Mapped Trie, byte-compatible with go-amt-ipld: v0 (v2 library, MsgMeta and receipts) and v3
 * (v3/v4 library, actor state). A sparse array of CBOR values indexed by uint64.
 *
 * Layout: a node at height h covers width^(h+1) indices; at height 0 it holds values, above it links
 * to children each covering width^h. Set grows the height by pushing the root down as child 0; Delete
 * prunes empty children and collapses a root that only links its leftmost child, so a given set of
 * entries always yields the same root CID.
 *
 * Changes stay in memory until `flush()`, which writes every dirty node in one batch and returns the
 * root CID.
 *
 * Both versions share go-amt-ipld v4's algorithm. For v0 that matches go-amt-ipld v2 on everything Lotus
 * builds in that format (MsgMeta and receipts are only ever appended); v2 differs only after deleting
 * every entry, where it keeps the old height with an empty root, a form `load` accepts for v0.
 */
import { decodeCbor } from '../../core/cbor/decode.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import { asTuple, asU64 } from '../../core/cbor/read.ts'
import type { CborValue } from '../../core/cbor/value.ts'
import { type CID, cidOfBytes } from '../../core/cid.ts'
import { DecodeError, InvalidError } from '../../util/errors.ts'
import { type Block, type Blockstore, getOrThrow, putBlocks } from '../blockstore.ts'
import { type AmtLink, type AmtNode, decodeAmtNode, encodeAmtNode, isEmptyNode } from './node.ts'
import { AMT_VERSIONS, type AmtVersion, DEFAULT_AMT_BIT_WIDTH, MAX_AMT_BIT_WIDTH } from './version.ts'

const U64_MAX = (1n << 64n) - 1n

export interface AmtOptions {
  /** Wire format: 0 (go-amt-ipld v2) or 3 (v3/v4). Default 3. */
  version?: AmtVersion
  /** Bits of the index consumed per level (width = 2^bitWidth). v0 is fixed at 3; v3 default 3. */
  bitWidth?: number
}

/** An index as callers give it: a safe non-negative integer or a bigint. */
export type AmtIndex = number | bigint

/** How many indices a subtree of the given height covers: 2^(bitWidth*height), saturating at 2^64-1. */
function nodesForHeight(bitWidth: number, height: number): bigint {
  const bits = bitWidth * height
  return bits >= 64 ? U64_MAX : 1n << BigInt(bits)
}

export class Amt {
  private constructor(
    private readonly bs: Blockstore,
    readonly version: AmtVersion,
    readonly bitWidth: number,
    private height: number,
    private count: bigint,
    private root: AmtNode,
  ) {}

  private static settings(opts: AmtOptions): { version: AmtVersion; bitWidth: number } {
    const version = opts.version ?? 3
    const rules = AMT_VERSIONS[version]
    if (!rules) throw new InvalidError(`AMT version ${version} is not supported (0 or 3)`)
    const bitWidth = opts.bitWidth ?? rules.fixedBitWidth ?? DEFAULT_AMT_BIT_WIDTH
    if (rules.fixedBitWidth !== undefined && bitWidth !== rules.fixedBitWidth) {
      throw new InvalidError(`AMT v${version} has a fixed bitWidth of ${rules.fixedBitWidth}, not ${bitWidth}`)
    }
    if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > MAX_AMT_BIT_WIDTH) {
      throw new InvalidError(`AMT bitWidth ${bitWidth} is outside 1..${MAX_AMT_BIT_WIDTH}`)
    }
    return { version, bitWidth }
  }

  /** A new, empty AMT. */
  static create(bs: Blockstore, opts: AmtOptions = {}): Amt {
    const { version, bitWidth } = Amt.settings(opts)
    return new Amt(bs, version, bitWidth, 0, 0n, {})
  }

  /** Loads an AMT by root CID, checking the root against the expected version and bitWidth. */
  static async load(bs: Blockstore, root: CID, opts: AmtOptions = {}): Promise<Amt> {
    const { version, bitWidth } = Amt.settings(opts)
    const rules = AMT_VERSIONS[version]
    const fields = asTuple(decodeCbor(await getOrThrow(bs, root)), rules.rootFields, `AMT v${version} root`)
    let at = 0
    if (version !== 0) {
      const bw = asU64(fields[at++]!, 'AMT root bitWidth')
      if (bw !== BigInt(bitWidth)) throw new DecodeError(`AMT root has bitWidth ${bw}, expected ${bitWidth}`)
    }
    const height = asU64(fields[at++]!, 'AMT root height')
    const count = asU64(fields[at++]!, 'AMT root count')
    if (height > BigInt(rules.maxHeight)) throw new DecodeError(`AMT root height ${height} exceeds ${rules.maxHeight}`)
    const h = Number(height)
    const capacity = nodesForHeight(bitWidth, h + 1)
    if (capacity === U64_MAX && nodesForHeight(bitWidth, h) === U64_MAX) {
      throw new DecodeError(`AMT root height ${h} is out of bounds for bitWidth ${bitWidth}`)
    }
    if (capacity < count) throw new DecodeError(`AMT root height ${h} is too short for count ${count}`)
    // go-amt-ipld v2 (the v0 format) leaves an emptied AMT at its old height with an empty root node.
    const node = decodeAmtNode(fields[at]!, bitWidth, h === 0 || version === 0, h === 0)
    if (isEmptyNode(node) && count !== 0n) throw new DecodeError(`AMT root is empty but claims count ${count}`)
    return new Amt(bs, version, bitWidth, h, count, node)
  }

  /** Number of entries (as stored in the root; trusted like go-amt-ipld's Len). */
  get length(): number {
    return Number(this.count)
  }

  private index(i: AmtIndex): bigint {
    if (typeof i === 'number' && !Number.isSafeInteger(i)) throw new InvalidError(`AMT index ${i} is not an integer`)
    const n = BigInt(i)
    const max = AMT_VERSIONS[this.version].maxIndex
    if (n < 0n || n > max) throw new InvalidError(`AMT index ${n} is out of range 0..${max}`)
    return n
  }

  private async child(link: AmtLink, height: number): Promise<AmtNode> {
    if (!link.cached) {
      const bytes = await getOrThrow(this.bs, link.cid!)
      link.cached = decodeAmtNode(decodeCbor(bytes), this.bitWidth, false, height === 0)
    }
    return link.cached
  }

  private slots<T>(): (T | undefined)[] {
    return new Array(1 << this.bitWidth).fill(undefined)
  }

  /** The value at `i`, or undefined. */
  async get(i: AmtIndex): Promise<CborValue | undefined> {
    let idx = this.index(i)
    if (idx >= nodesForHeight(this.bitWidth, this.height + 1)) return undefined
    let node = this.root
    for (let h = this.height; h > 0; h--) {
      const nfh = nodesForHeight(this.bitWidth, h)
      const link = node.links?.[Number(idx / nfh)]
      if (!link) return undefined
      node = link.cached ?? (await this.child(link, h - 1))
      idx %= nfh
    }
    return node.values?.[Number(idx)]
  }

  async has(i: AmtIndex): Promise<boolean> {
    return (await this.get(i)) !== undefined
  }

  /** Sets the value at `i` (null is a value; it does not delete). */
  async set(i: AmtIndex, value: CborValue): Promise<void> {
    const idx = this.index(i)
    while (idx >= nodesForHeight(this.bitWidth, this.height + 1)) {
      // Everything present fits under child 0 of a taller root.
      if (!isEmptyNode(this.root)) {
        const links = this.slots<AmtLink>()
        links[0] = { cached: this.root, dirty: true }
        this.root = { links }
      }
      this.height++
    }
    let node = this.root
    let rest = idx
    const touched: AmtLink[] = []
    for (let h = this.height; h > 0; h--) {
      const nfh = nodesForHeight(this.bitWidth, h)
      const sub = Number(rest / nfh)
      node.links ??= this.slots()
      const link = node.links[sub] ?? (node.links[sub] = { cached: {}, dirty: true })
      node = link.cached ?? (await this.child(link, h - 1))
      touched.push(link)
      rest %= nfh
    }
    for (const link of touched) link.dirty = true
    node.values ??= this.slots()
    if (node.values[Number(rest)] === undefined) this.count++
    node.values[Number(rest)] = value
  }

  /** Removes the value at `i`; returns whether it was present. */
  async delete(i: AmtIndex): Promise<boolean> {
    const idx = this.index(i)
    if (idx >= nodesForHeight(this.bitWidth, this.height + 1)) return false
    const path: { node: AmtNode; sub: number }[] = []
    let node = this.root
    let rest = idx
    for (let h = this.height; h > 0; h--) {
      const nfh = nodesForHeight(this.bitWidth, h)
      const sub = Number(rest / nfh)
      const link = node.links?.[sub]
      if (!link) return false
      path.push({ node, sub })
      node = link.cached ?? (await this.child(link, h - 1))
      rest %= nfh
    }
    if (node.values?.[Number(rest)] === undefined) return false
    node.values[Number(rest)] = undefined
    // Bottom-up: unlink children left empty, mark the rest dirty.
    for (let k = path.length - 1; k >= 0; k--) {
      const { node: parent, sub } = path[k]!
      const link = parent.links![sub]!
      if (isEmptyNode(link.cached!)) parent.links![sub] = undefined
      else link.dirty = true
    }
    // A root that only links its leftmost child is not canonical: that child becomes the root.
    while (this.height > 0) {
      const links = this.root.links
      if (links?.some((l, x) => x > 0 && l)) break
      const first = links?.[0]
      if (!first) {
        this.root = {}
        this.height = 0
        break
      }
      this.root = first.cached ?? (await this.child(first, this.height - 1))
      this.height--
    }
    if (this.count === 0n) throw new DecodeError('AMT count is zero but an entry was deleted (corrupt root)')
    this.count--
    return true
  }

  /** Visits every entry in index order. */
  async forEach(cb: (index: bigint, value: CborValue) => void | Promise<void>): Promise<void> {
    for await (const [i, v] of this.entries()) await cb(i, v)
  }

  /** Entries in index order, from index `start` on (go-amt-ipld ForEachAt); subtrees before it are skipped. */
  async *entries(start: AmtIndex = 0): AsyncGenerator<[bigint, CborValue]> {
    yield* this.walk(this.root, this.height, 0n, this.index(start))
  }

  private async *walk(
    node: AmtNode,
    height: number,
    offset: bigint,
    start: bigint,
  ): AsyncGenerator<[bigint, CborValue]> {
    if (height === 0) {
      const values = node.values ?? []
      for (let x = 0; x < values.length; x++) {
        const v = values[x]
        const i = offset + BigInt(x)
        if (v !== undefined && i >= start) yield [i, v]
      }
      return
    }
    const nfh = nodesForHeight(this.bitWidth, height)
    const links = node.links ?? []
    for (let x = 0; x < links.length; x++) {
      const link = links[x]
      const from = offset + BigInt(x) * nfh
      if (!link || from + nfh <= start) continue
      yield* this.walk(link.cached ?? (await this.child(link, height - 1)), height - 1, from, start)
    }
  }

  /** Writes every changed node (one batch) and the root; returns the root CID. */
  async flush(): Promise<CID> {
    const blocks: Block[] = []
    const node = this.flushNode(this.root, this.height, blocks)
    const root: CborValue[] = this.version === 0 ? [] : [this.bitWidth]
    root.push(this.height, this.count, node)
    const bytes = encodeCbor(root)
    const cid = cidOfBytes(bytes)
    blocks.push({ cid, bytes })
    await putBlocks(this.bs, blocks)
    return cid
  }

  private flushNode(node: AmtNode, height: number, out: Block[]): CborValue {
    if (height > 0 && node.links) {
      for (const link of node.links) {
        if (!link?.dirty) continue
        const bytes = encodeCbor(this.flushNode(link.cached!, height - 1, out))
        link.cid = cidOfBytes(bytes)
        link.dirty = false
        out.push({ cid: link.cid, bytes })
      }
    }
    return encodeAmtNode(node, this.bitWidth, height)
  }
}

/** Builds an AMT from a list (index = position) and returns its root CID, like go-amt-ipld FromArray. */
export async function amtFromArray(bs: Blockstore, values: CborValue[], opts: AmtOptions = {}): Promise<CID> {
  const amt = Amt.create(bs, opts)
  for (let i = 0; i < values.length; i++) await amt.set(i, values[i]!)
  return amt.flush()
}
