/**
 * HAMT nodes (go-hamt-ipld v3 format). Wire form: `[bitfield bytes, [pointer...]]` where the bitfield is
 * the big-endian minimal bytes of an integer whose bit `i` marks slot `i` present, and pointers come in
 * slot order. A pointer is a CID (child node) or a bucket `[[key bytes, value]...]` of 1..3 entries
 * sorted by key. In memory a node is expanded to one entry per slot.
 */
import { asArray, asBytes, asTuple } from '../../core/cbor/read.ts'
import type { CborValue } from '../../core/cbor/value.ts'
import { CID, DAG_CBOR } from '../../core/cid.ts'
import { compareBytes } from '../../util/bytes.ts'
import { DecodeError } from '../../util/errors.ts'

/** Entries a bucket holds before it becomes a child node. */
export const BUCKET_SIZE = 3

export interface HamtEntry {
  key: Uint8Array
  value: CborValue
}

/** A child link: stored CID, cached node, or both; `dirty` when the cache has unflushed changes. */
export interface HamtLink {
  kind: 'link'
  cid?: CID
  cached?: HamtNode
  dirty: boolean
}

export interface HamtBucket {
  kind: 'bucket'
  entries: HamtEntry[]
}

export type HamtPointer = HamtLink | HamtBucket

/** One slot per position (2^bitWidth); undefined = empty slot. */
export interface HamtNode {
  slots: (HamtPointer | undefined)[]
}

export function emptyHamtNode(bitWidth: number): HamtNode {
  return { slots: new Array(1 << bitWidth).fill(undefined) }
}

function decodeBucket(v: CborValue[], where: string): HamtBucket {
  if (v.length === 0 || v.length > BUCKET_SIZE) {
    throw new DecodeError(`${where}: bucket holds ${v.length} entries, expected 1..${BUCKET_SIZE}`)
  }
  const entries = v.map((kv, i) => {
    const [k, value] = asTuple(kv, 2, `${where} entry ${i}`)
    return { key: asBytes(k!, `${where} entry ${i} key`), value: value! }
  })
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]!.key, entries[i]!.key) >= 0) {
      throw new DecodeError(`${where}: bucket keys are not strictly increasing`)
    }
  }
  return { kind: 'bucket', entries }
}

/** Expands a wire-form node, applying go-hamt-ipld's load-time checks (plus: no bits beyond the width). */
export function decodeHamtNode(v: CborValue, bitWidth: number, isRoot: boolean): HamtNode {
  const [bfV, ptrsV] = asTuple(v, 2, 'HAMT node')
  const bitfield = asBytes(bfV!, 'HAMT node bitfield')
  const pointers = asArray(ptrsV!, 'HAMT node pointers')
  const width = 1 << bitWidth
  if (pointers.length > width) throw new DecodeError(`HAMT node has ${pointers.length} pointers, width is ${width}`)
  const present: number[] = []
  for (let byte = 0; byte < bitfield.length; byte++) {
    const b = bitfield[bitfield.length - 1 - byte]!
    for (let bit = 0; bit < 8; bit++) {
      if (!(b & (1 << bit))) continue
      const slot = byte * 8 + bit
      if (slot >= width) throw new DecodeError(`HAMT node bitfield sets bit ${slot}, beyond width ${width}`)
      present.push(slot)
    }
  }
  if (present.length !== pointers.length) {
    throw new DecodeError(`HAMT node bitfield sets ${present.length} bits but holds ${pointers.length} pointers`)
  }
  const node = emptyHamtNode(bitWidth)
  let links = 0
  let entries = 0
  pointers.forEach((p, i) => {
    const where = `HAMT node pointer ${i}`
    const cid = CID.asCID(p)
    if (cid) {
      if (cid.code !== DAG_CBOR) throw new DecodeError(`${where}: link ${cid} is not dag-cbor`)
      node.slots[present[i]!] = { kind: 'link', cid, dirty: false }
      links++
    } else if (Array.isArray(p)) {
      const bucket = decodeBucket(p, where)
      node.slots[present[i]!] = bucket
      entries += bucket.entries.length
    } else {
      throw new DecodeError(`${where}: expected a CID or a bucket array`)
    }
  })
  if (!isRoot) {
    if (pointers.length === 0) throw new DecodeError('HAMT node is empty (only a root may be)')
    if (links === 0 && entries <= BUCKET_SIZE) {
      throw new DecodeError(
        `HAMT node holds only ${entries} entries and no links; it should have collapsed into its parent`,
      )
    }
  }
  return node
}

/** The wire form of a node whose links all carry CIDs (children flushed first). */
export function encodeHamtNode(node: HamtNode): CborValue {
  const pointers: CborValue[] = []
  let top = -1
  node.slots.forEach((p, slot) => {
    if (!p) return
    top = slot
    pointers.push(p.kind === 'link' ? p.cid! : p.entries.map((e) => [e.key, e.value]))
  })
  const bitfield = new Uint8Array(top < 0 ? 0 : (top >> 3) + 1)
  node.slots.forEach((p, slot) => {
    if (p) bitfield[bitfield.length - 1 - (slot >> 3)]! |= 1 << (slot & 7)
  })
  return [bitfield, pointers]
}
