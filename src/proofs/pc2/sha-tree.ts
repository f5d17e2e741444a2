/**
 * TreeD: the binary SHA-256-trunc254 tree over the unsealed (Fr32-padded) sector; its root is CommD. Every
 * row is kept, since C1 opens paths in it (merkletree DiskStore, `sc-02-data-tree-d.dat`).
 */
import { InvalidError } from '../../util/errors.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { kernel as defaultKernel } from '../kernel/select.ts'

/** Every row of the binary tree over `leaves` (N × 32 bytes, N a power of two), leaves first. */
export function binaryTreeRows(leaves: Uint8Array, k: Kernel = defaultKernel(), signal?: AbortSignal): Uint8Array[] {
  const n = leaves.length / 32
  if (!Number.isInteger(n) || n < 1 || (n & (n - 1)) !== 0)
    throw new InvalidError(`TreeD: ${leaves.length} bytes is not a power of two of 32-byte nodes`)
  const rows = [leaves]
  let row = leaves
  while (row.length > 32) {
    const next = new Uint8Array(row.length / 2)
    for (let i = 0; i < next.length; i += 32) {
      if ((i & 0xfffff) === 0) signal?.throwIfAborted()
      k.hashNode(row, i * 2, next, i)
    }
    rows.push(next)
    row = next
  }
  return rows
}
