/** A seeded xorshift64* generator for reproducible random field elements in the Poseidon tests. */
import { type Fr, FR_MODULUS } from '../../../src/proofs/poseidon/fr.ts'

export function seededRandom(seed: bigint): { u64: () => bigint; fr: () => Fr; bytes: (n: number) => Uint8Array } {
  const MASK = (1n << 64n) - 1n
  let s = seed & MASK || 1n
  const u64 = () => {
    s ^= s >> 12n
    s ^= (s << 25n) & MASK
    s ^= s >> 27n
    return (s * 0x2545f4914f6cdd1dn) & MASK
  }
  // 256 random bits reduced mod r: slightly biased, fine for tests; edge values are tested separately.
  const fr = () => ((u64() << 192n) | (u64() << 128n) | (u64() << 64n) | u64()) % FR_MODULUS
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Number(u64() & 0xffn))
  return { u64, fr, bytes }
}

/** Values where limb carries and the modulus boundary are most likely to go wrong. */
export const EDGE_VALUES: Fr[] = [
  0n,
  1n,
  2n,
  FR_MODULUS - 1n,
  FR_MODULUS - 2n,
  (1n << 32n) - 1n,
  1n << 32n,
  (1n << 64n) - 1n,
  1n << 128n,
  (1n << 254n) - 1n,
  FR_MODULUS >> 1n,
  (FR_MODULUS + 1n) >> 1n,
]
