/**
 * Merkle inclusion paths for the three trees of a sealed sector: TreeD (binary, SHA-256-trunc254), TreeC
 * and TreeR (arity 8, Poseidon). A path is the siblings of each level, bottom up, `arity − 1` nodes of 32
 * bytes per level in child order with the path's own node left out. The leaf's index fixes where the path's
 * node sits at each level, so a verifier never trusts positions carried by the proof.
 */
import { InvalidError } from '../../util/errors.ts'
import { hashNodeTs } from '../kernel/sha256-ts.ts'
import { hashOct } from './poseidon-tree.ts'

/** The tree hashes by arity: 2 → SHA-256-trunc254 (TreeD), 8 → Poseidon-8 (TreeC, TreeR). */
const HASHERS: Record<number, (children: Uint8Array) => Uint8Array> = {
  2: (children) => {
    const out = new Uint8Array(32)
    hashNodeTs(children, 0, out, 0)
    return out
  },
  8: hashOct,
}

function hasher(arity: number): (children: Uint8Array) => Uint8Array {
  const h = HASHERS[arity]
  if (!h) throw new InvalidError(`merkle path: arity ${arity} is not 2 or 8`)
  return h
}

/** Bytes of a path of `levels` levels. */
export function pathBytes(arity: number, levels: number): number {
  return levels * (arity - 1) * 32
}

/** The siblings of leaf `index` taken from every row of a tree (rows[0] = leaves). */
export function pathFromRows(rows: readonly Uint8Array[], arity: number, index: number): Uint8Array {
  const levels = rows.length - 1
  const out = new Uint8Array(pathBytes(arity, levels))
  let idx = index
  let w = 0
  for (let level = 0; level < levels; level++) {
    const row = rows[level]!
    const first = idx - (idx % arity)
    for (let c = 0; c < arity; c++) {
      if (first + c === idx) continue
      out.set(row.subarray((first + c) * 32, (first + c + 1) * 32), w)
      w += 32
    }
    idx = Math.floor(idx / arity)
  }
  return out
}

/** The root a path leads to from `leaf` at `index`. */
export function rootOfPath(arity: number, leaf: Uint8Array, index: number, siblings: Uint8Array): Uint8Array {
  const hash = hasher(arity)
  const per = (arity - 1) * 32
  if (leaf.length !== 32) throw new InvalidError(`merkle path: leaf is ${leaf.length} bytes, want 32`)
  if (siblings.length % per !== 0) throw new InvalidError(`merkle path: ${siblings.length} bytes is not whole levels`)
  const children = new Uint8Array(arity * 32)
  let node = leaf
  let idx = index
  for (let off = 0; off < siblings.length; off += per) {
    const pos = idx % arity
    let r = off
    for (let c = 0; c < arity; c++) {
      if (c === pos) children.set(node, c * 32)
      else {
        children.set(siblings.subarray(r, r + 32), c * 32)
        r += 32
      }
    }
    node = hash(children)
    idx = Math.floor(idx / arity)
  }
  if (idx !== 0) throw new InvalidError(`merkle path: index ${index} is beyond a ${siblings.length / per}-level tree`)
  return node
}

/** Whether `siblings` prove `leaf` at `index` under `root` (false on any malformed path). */
export function verifyPath(
  arity: number,
  leaf: Uint8Array,
  index: number,
  siblings: Uint8Array,
  root: Uint8Array,
  levels: number,
): boolean {
  if (siblings.length !== pathBytes(arity, levels)) return false
  try {
    const got = rootOfPath(arity, leaf, index, siblings)
    for (let i = 0; i < 32; i++) if (got[i] !== root[i]) return false
    return true
  } catch {
    return false
  }
}
