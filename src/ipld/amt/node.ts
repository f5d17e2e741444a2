/**
 * AMT nodes: the expanded in-memory form (one slot per position, so positions index directly) and the
 * compact wire form `[bmap, links, values]` where bit `i` of the bitmap (byte i/8, mask 1 << (i%8)) says
 * whether position `i` is present. Decoding applies go-amt-ipld's canonical-form checks.
 */
import { asArray, asBytes, asTuple } from '../../core/cbor/read.ts'
import type { CborValue } from '../../core/cbor/value.ts'
import { CID, DAG_CBOR } from '../../core/cid.ts'
import { DecodeError } from '../../util/errors.ts'

/** A child pointer: a stored CID, a loaded (cached) node, or both; `dirty` when the cache has changes. */
export interface AmtLink {
  cid?: CID
  cached?: AmtNode
  dirty: boolean
}

/** A node: either links (height > 0) or values (height 0), `width` slots each; absent = undefined. */
export interface AmtNode {
  links?: (AmtLink | undefined)[]
  values?: (CborValue | undefined)[]
}

/** Bytes in a node's bitmap: one bit per slot, at least one byte. */
export function bmapBytes(bitWidth: number): number {
  return bitWidth <= 3 ? 1 : 1 << (bitWidth - 3)
}

export function isEmptyNode(n: AmtNode): boolean {
  if (n.links) for (const l of n.links) if (l) return false
  if (n.values) for (const v of n.values) if (v !== undefined) return false
  return true
}

/**
 * Expands a wire-form node. `allowEmpty` only for the root of a height-0 AMT; `expectLeaf` when the node
 * sits at height 0.
 */
export function decodeAmtNode(v: CborValue, bitWidth: number, allowEmpty: boolean, expectLeaf: boolean): AmtNode {
  const [bmapV, linksV, valuesV] = asTuple(v, 3, 'AMT node')
  const bmap = asBytes(bmapV!, 'AMT node bitmap')
  const links = asArray(linksV!, 'AMT node links')
  const values = asArray(valuesV!, 'AMT node values')
  const width = 1 << bitWidth
  if (links.length > 0 && values.length > 0) throw new DecodeError('AMT node has both links and values')
  if (bmap.length !== bmapBytes(bitWidth)) {
    throw new DecodeError(
      `AMT node bitmap is ${bmap.length} bytes, expected ${bmapBytes(bitWidth)} for bitWidth ${bitWidth}`,
    )
  }
  for (let x = width; x < bmap.length * 8; x++) {
    if (bmap[x >> 3]! & (1 << (x & 7))) throw new DecodeError(`AMT node bitmap sets bit ${x}, beyond width ${width}`)
  }
  const present: number[] = []
  for (let x = 0; x < width; x++) if (bmap[x >> 3]! & (1 << (x & 7))) present.push(x)
  const node: AmtNode = {}
  if (values.length > 0) {
    if (!expectLeaf) throw new DecodeError('AMT node has values above height 0')
    if (present.length !== values.length) {
      throw new DecodeError(`AMT node bitmap sets ${present.length} bits but holds ${values.length} values`)
    }
    node.values = new Array(width).fill(undefined)
    present.forEach((x, i) => {
      node.values![x] = values[i]
    })
  } else if (links.length > 0) {
    if (expectLeaf) throw new DecodeError('AMT node has links at height 0')
    if (present.length !== links.length) {
      throw new DecodeError(`AMT node bitmap sets ${present.length} bits but holds ${links.length} links`)
    }
    node.links = new Array(width).fill(undefined)
    present.forEach((x, i) => {
      const cid = CID.asCID(links[i])
      if (!cid) throw new DecodeError(`AMT node link ${i} is not a CID`)
      if (cid.code !== DAG_CBOR)
        throw new DecodeError(`AMT node link ${cid} is not dag-cbor (codec 0x${cid.code.toString(16)})`)
      node.links![x] = { cid, dirty: false }
    })
  } else {
    if (!allowEmpty) throw new DecodeError('AMT node is empty (only the root of an empty AMT may be)')
    if (present.length > 0) throw new DecodeError(`AMT node bitmap sets ${present.length} bits but holds nothing`)
  }
  return node
}

/**
 * The wire form of a node whose children are already flushed (every present link has a CID).
 * Leaves emit values, inner nodes emit links.
 */
export function encodeAmtNode(n: AmtNode, bitWidth: number, height: number): CborValue {
  const bmap = new Uint8Array(bmapBytes(bitWidth))
  const links: CborValue[] = []
  const values: CborValue[] = []
  if (height === 0) {
    n.values?.forEach((v, i) => {
      if (v === undefined) return
      values.push(v)
      bmap[i >> 3]! |= 1 << (i & 7)
    })
  } else {
    n.links?.forEach((l, i) => {
      if (!l) return
      links.push(l.cid!)
      bmap[i >> 3]! |= 1 << (i & 7)
    })
  }
  return [bmap, links, values]
}
