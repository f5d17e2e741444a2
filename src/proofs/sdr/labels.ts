/**
 * SDR labeling (rust-fil-proofs `create_label/single.rs`). For each layer 1..L and each node v in order:
 * label = sha256-trunc254(replica_id ‖ layer u32 BE ‖ v u64 BE ‖ 20 zero bytes ‖ 37 parent labels), the
 * parents being the 6 DRG parents (this layer) cycled in layer 1, or the 6 DRG parents plus the 8 expander
 * parents (previous layer) cycled in later layers; node 0 hashes only the 64-byte header. The last layer is
 * the key that encodes the sector.
 */
import { InvalidError } from '../../util/errors.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { kernel as defaultKernel } from '../kernel/select.ts'
import { checkParents, PARENTS } from './graph.ts'

export interface LabelOptions {
  readonly kernel?: Kernel
  /** Called after each slice with (layer, fraction of the layer done). */
  readonly onProgress?: (layer: number, fraction: number) => void
  readonly signal?: AbortSignal
  /** Called with each finished layer (1-based) before the next starts; the buffer is reused afterwards. */
  readonly onLayer?: (layer: number, labels: Uint8Array) => void
}

/**
 * Computes every layer and returns the last one (the key). `parents` is the N × 14 cache. Layers are
 * computed in two buffers, so memory is 2 × N × 32 bytes plus the cache.
 */
export function labelLayers(
  parents: Uint32Array,
  replicaId: Uint8Array,
  layers: number,
  opts: LabelOptions = {},
): Uint8Array {
  const nodes = parents.length / PARENTS
  if (!Number.isInteger(nodes) || nodes < 2)
    throw new InvalidError(`labels: parents array of ${parents.length} is not N × 14`)
  if (replicaId.length !== 32) throw new InvalidError(`labels: replica id is ${replicaId.length} bytes, want 32`)
  if (!Number.isInteger(layers) || layers < 1 || layers > 15)
    throw new InvalidError(`labels: ${layers} layers is outside [1, 15]`)
  checkParents(parents, nodes)
  const k = opts.kernel ?? defaultKernel()
  let current = new Uint8Array(nodes * 32)
  let previous = new Uint8Array(nodes * 32)
  const step = Math.max(4096, Math.floor(nodes / 32))
  for (let layer = 1; layer <= layers; layer++) {
    for (let start = 0; start < nodes; start += step) {
      opts.signal?.throwIfAborted()
      const end = Math.min(nodes, start + step)
      k.labelLayer({ parents, replicaId, layer, current, previous: layer === 1 ? null : previous, start, end })
      opts.onProgress?.(layer, end / nodes)
    }
    opts.onLayer?.(layer, current)
    if (layer < layers) [current, previous] = [previous, current]
  }
  return current
}
