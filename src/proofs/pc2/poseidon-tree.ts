/**
 * Poseidon arity-8 Merkle trees (TreeC and TreeR): the leaves are used as they are (no leaf hashing), each
 * parent is Poseidon-8 of its 8 children with the Merkle-tree domain tag, as neptune and merkletree do.
 */
import { hashMany } from '../poseidon/index.ts'
import { OCT_ARITY, treeRowCount } from './tree-shape.ts'

/** Every row of the tree, leaves first, root (32 bytes) last. `leaves` is kept as row 0 (not copied). */
export function octTreeRows(leaves: Uint8Array, signal?: AbortSignal): Uint8Array[] {
  treeRowCount(leaves.length / 32, OCT_ARITY)
  return octRowsWhileWhole(leaves, signal)
}

/**
 * The rows of the arity-8 tree over `leaves` as far as each row still groups into whole 8-node parents: all
 * rows up to the root for a power of 8, or up to 4, 2 or 1 top nodes for half, a quarter or an eighth of
 * a larger tree (PC2 parts). Row 0 is `leaves` itself.
 */
export function octRowsWhileWhole(leaves: Uint8Array, signal?: AbortSignal): Uint8Array[] {
  const rows = [leaves]
  let row = leaves
  while (row.length > 32 && (row.length / 32) % OCT_ARITY === 0) {
    const next = new Uint8Array(row.length / OCT_ARITY)
    const slice = 8 * 32 * 4096
    for (let off = 0; off < row.length; off += slice) {
      signal?.throwIfAborted()
      const end = Math.min(row.length, off + slice)
      hashMany(OCT_ARITY, row.subarray(off, end), next.subarray(off / OCT_ARITY, end / OCT_ARITY))
    }
    rows.push(next)
    row = next
  }
  return rows
}

/** Poseidon-8 of 8 × 32 bytes. */
export function hashOct(children: Uint8Array): Uint8Array {
  const out = new Uint8Array(32)
  hashMany(OCT_ARITY, children, out)
  return out
}

/** Poseidon-2 of two 32-byte elements (CommR = H(CommC, CommRLast)). */
export function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const input = new Uint8Array(64)
  input.set(a, 0)
  input.set(b, 32)
  const out = new Uint8Array(32)
  hashMany(2, input, out)
  return out
}
