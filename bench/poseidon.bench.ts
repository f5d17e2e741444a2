/**
 * Poseidon (BLS12-381, neptune parameters) hashes per second per arity: the fast kernel through
 * `hashMany`, beside the pure bigint reference and @noble/curves' generic Poseidon (fed the same
 * constants) measured in the same run and, where neptune published a CPU figure
 * (../shared/reference/perf-anchors.md §2), beside that figure.
 */
import { Field } from '@noble/curves/abstract/modular.js'
import { poseidon } from '@noble/curves/abstract/poseidon.js'
import { poseidonConstants } from '../src/proofs/poseidon/constants.ts'
import { hashMany } from '../src/proofs/poseidon/fast.ts'
import { FR_MODULUS, frToBytes } from '../src/proofs/poseidon/fr.ts'
import { poseidonHashRef } from '../src/proofs/poseidon/reference.ts'
import { type BenchRow, opsPerSecondSync } from './harness.ts'

/** neptune's published single-core figures (Apple M1, neptune PR #236, 2023-11): µs per hash. Arity 8 has none. */
const NEPTUNE_PUBLISHED_US: Record<number, number> = { 2: 11.0, 4: 17.6, 11: 48.9 }
const BATCH = 64

export async function rows(): Promise<BenchRow[]> {
  const out: BenchRow[] = []
  for (const arity of [2, 4, 8, 11]) {
    const inputs = Array.from(
      { length: BATCH * arity },
      (_, i) => (BigInt(i) * 0x9e3779b97f4a7c15n) ** 3n % (1n << 250n),
    )
    const bytes = new Uint8Array(inputs.length * 32)
    for (let i = 0; i < inputs.length; i++) frToBytes(inputs[i]!, bytes, i * 32)
    const results = new Uint8Array(BATCH * 32)
    const fast = opsPerSecondSync(() => hashMany(arity, bytes, results), 1500, BATCH)
    const one = inputs.slice(0, arity)
    const reference = opsPerSecondSync(() => poseidonHashRef(arity, one), 1200)
    const noble = noblePermutation(arity)
    const tagged = [poseidonConstants(arity).domainTag, ...one]
    const peer = opsPerSecondSync(() => noble(tagged), 800)
    const name = `Poseidon arity ${arity} (fast kernel, hashMany)`
    const row = (anchor: string, value: number) =>
      out.push({ name, value: fast, unit: 'hash/s', anchor: { name: anchor, value } })
    row('pure bigint reference (same run)', reference)
    row('@noble/curves poseidon, same constants', peer)
    const us = NEPTUNE_PUBLISHED_US[arity]
    if (us !== undefined) row('neptune (published), M1 1 core', 1e6 / us)
  }
  return out
}

/** @noble/curves' generic permutation with our neptune constants (its output element 1 is the hash). */
function noblePermutation(arity: number): (state: bigint[]) => bigint[] {
  const c = poseidonConstants(arity)
  const roundConstants = Array.from({ length: c.fullRounds + c.partialRounds }, (_, r) =>
    c.roundConstants.slice(r * c.width, (r + 1) * c.width),
  )
  return poseidon({
    Fp: Field(FR_MODULUS),
    t: c.width,
    roundsFull: c.fullRounds,
    roundsPartial: c.partialRounds,
    sboxPower: 5,
    mds: c.mds,
    roundConstants,
  })
}
