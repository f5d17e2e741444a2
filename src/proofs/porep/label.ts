/**
 * One SDR label recomputed from its parents' labels, as a verifier does (rust-fil-proofs
 * `LabelingProof::verify`): SHA-256 of replica_id ‖ layer u32 BE ‖ node u64 BE ‖ 20 zero bytes ‖ 37 parent
 * labels (the 6 DRG parents in this layer, cycled, in layer 1; the 6 DRG parents in this layer and the 8
 * expander parents in the previous layer, cycled, above), byte 31 masked with 0x3f.
 */
import { createHash } from 'node:crypto'

/** `drg`: the 6 DRG parents' labels in `layer`; `exp`: the 8 expander parents' labels in `layer − 1` (layers ≥ 2). */
export function labelOf(
  replicaId: Uint8Array,
  layer: number,
  node: number,
  drg: readonly Uint8Array[],
  exp: readonly Uint8Array[],
): Uint8Array {
  const header = new Uint8Array(64)
  header.set(replicaId, 0)
  const dv = new DataView(header.buffer)
  dv.setUint32(32, layer, false)
  dv.setBigUint64(36, BigInt(node), false)
  const h = createHash('sha256').update(header)
  if (node !== 0) {
    const parents = layer === 1 ? drg : [...drg, ...exp]
    for (let slot = 0; slot < 37; slot++) h.update(parents[slot % parents.length]!)
  }
  const out = new Uint8Array(h.digest())
  out[31] = out[31]! & 0x3f
  return out
}
