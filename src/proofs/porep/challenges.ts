/**
 * Interactive PoRep challenges (rust-fil-proofs `stacked/vanilla/challenges.rs` InteractiveChallenges):
 * challenge i of partition k is (SHA-256(replica_id ‖ seed ‖ j as u32 LE), read as a little-endian
 * integer, mod (N − 1)) + 1 with j = k·per_partition + i, so node 0 is never challenged. Counts per size
 * come from filecoin-proofs `constants.rs`: 2 challenges in 1 partition up to 1GiB, 176 minimum in 10
 * partitions of 18 at 32GiB and 64GiB.
 */
import { createHash } from 'node:crypto'
import { InvalidError } from '../../util/errors.ts'
import type { SealProofInfo } from '../registered-proof.ts'

const GiB = 1024 ** 3

/** Throws InvalidError for seal proofs whose challenges are not interactive (SyntheticPoRep, NI-PoRep). */
export function checkInteractive(info: SealProofInfo): void {
  if (info.feature !== '')
    throw new InvalidError(
      `${info.name}: ${info.feature === 'ni' ? 'NI-PoRep' : 'SyntheticPoRep'} challenges are not supported yet`,
    )
}

/** Partitions and challenges per partition of an interactive PoRep for this sector size. */
export function porepChallengeLayout(info: SealProofInfo): { partitions: number; perPartition: number } {
  if (info.sectorSize <= GiB) return { partitions: 1, perPartition: 2 }
  return { partitions: 10, perPartition: Math.ceil(176 / 10) }
}

/** The challenged nodes of partition `k`. */
export function porepChallenges(
  nodes: number,
  replicaId: Uint8Array,
  seed: Uint8Array,
  perPartition: number,
  k: number,
): number[] {
  if (replicaId.length !== 32) throw new InvalidError(`PoRep challenges: replica id is ${replicaId.length} bytes`)
  if (seed.length !== 32) throw new InvalidError(`PoRep challenges: seed is ${seed.length} bytes, want 32`)
  const modulus = BigInt(nodes - 1)
  const j = new Uint8Array(4)
  const out: number[] = []
  for (let i = 0; i < perPartition; i++) {
    new DataView(j.buffer).setUint32(0, perPartition * k + i, true)
    const h = createHash('sha256').update(replicaId).update(seed).update(j).digest()
    let x = 0n
    for (let b = 31; b >= 0; b--) x = (x << 8n) | BigInt(h[b]!)
    out.push(Number(x % modulus) + 1)
  }
  return out
}

/** Every challenge of a sector, partitions in order. */
export function allPorepChallenges(info: SealProofInfo, replicaId: Uint8Array, seed: Uint8Array): number[] {
  const { partitions, perPartition } = porepChallengeLayout(info)
  const out: number[] = []
  for (let k = 0; k < partitions; k++) out.push(...porepChallenges(info.nodes, replicaId, seed, perPartition, k))
  return out
}
