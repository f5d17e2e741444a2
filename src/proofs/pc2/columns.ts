/**
 * TreeC's leaves: column hashes. The column of node v is its label in every layer, in layer order; its
 * hash is Poseidon of arity L (2 for 2KiB/8MiB/512MiB, 11 for 32GiB/64GiB) with the Merkle-tree tag
 * (rust-fil-proofs `generate_tree_c` with ColumnArity U2 or U11).
 */
import { InvalidError } from '../../util/errors.ts'
import { hashMany } from '../poseidon/index.ts'

/** Column arities rust-fil-proofs supports. */
export const COLUMN_ARITIES = [2, 11] as const

export function checkColumnArity(layers: number): void {
  if (!(COLUMN_ARITIES as readonly number[]).includes(layers))
    throw new InvalidError(`TreeC: ${layers} layers has no column hasher (want 2 or 11)`)
}

/** Hash of one column given as L × 32 bytes. */
export function columnHash(column: Uint8Array): Uint8Array {
  const layers = column.length / 32
  checkColumnArity(layers)
  const out = new Uint8Array(32)
  hashMany(layers, column, out)
  return out
}

/** Column hashes of every node, N × 32 bytes, from the L layers (each N × 32 bytes). */
export function columnHashes(layers: readonly Uint8Array[], signal?: AbortSignal): Uint8Array {
  const l = layers.length
  checkColumnArity(l)
  const bytes = layers[0]!.length
  for (const layer of layers) if (layer.length !== bytes) throw new InvalidError('TreeC: layers differ in size')
  const nodes = bytes / 32
  const out = new Uint8Array(bytes)
  const chunk = 16384
  const staged = new Uint8Array(Math.min(chunk, nodes) * l * 32)
  for (let first = 0; first < nodes; first += chunk) {
    signal?.throwIfAborted()
    const n = Math.min(chunk, nodes - first)
    for (let v = 0; v < n; v++) {
      for (let i = 0; i < l; i++) {
        const src = (first + v) * 32
        staged.set(layers[i]!.subarray(src, src + 32), (v * l + i) * 32)
      }
    }
    hashMany(l, staged.subarray(0, n * l * 32), out.subarray(first * 32, (first + n) * 32))
  }
  return out
}
