/**
 * The expander graph's Feistel permutation (rust-fil-proofs `storage-proofs-core/src/crypto/feistel.rs`):
 * 3 rounds over a domain padded to the next power of 4, round function BLAKE2b-512(right ‖ key), both u64
 * big-endian, first 8 digest bytes big-endian, masked to the half width; cycle-walk until the result falls
 * inside the domain. Supports domains up to 2^52 (every sector size), with halves below 2^26.
 */
import { feistelHash } from './blake2b-16.ts'

export const FEISTEL_ROUNDS = 3

/** The precomputed shape of a Feistel domain. */
export interface FeistelShape {
  /** Number of elements in the domain. */
  readonly elements: number
  /** Bits in each half. */
  readonly halfBits: number
  readonly rightMask: number
  /** The three round keys, as [hi, lo] u32 halves. */
  readonly keys: readonly (readonly [number, number])[]
}

/** `keys` are the first three Feistel keys (u64). */
export function feistelShape(elements: number, keys: readonly bigint[]): FeistelShape {
  let pow4 = 4
  let log4 = 1
  while (pow4 < elements) {
    pow4 *= 4
    log4 += 1
  }
  const k = keys.slice(0, FEISTEL_ROUNDS).map((x) => [Number(x >> 32n), Number(x & 0xffffffffn)] as const)
  return { elements, halfBits: log4, rightMask: 2 ** log4 - 1, keys: k }
}

function encode(index: number, s: FeistelShape): number {
  const split = 2 ** s.halfBits
  let left = Math.floor(index / split)
  let right = index % split
  for (const [hi, lo] of s.keys) {
    const f = (feistelHash(right, hi, lo) & s.rightMask) >>> 0
    const next = (left ^ f) >>> 0
    left = right
    right = next
  }
  return left * split + right
}

/** Permutes `index` within [0, elements). */
export function feistelPermute(index: number, s: FeistelShape): number {
  let u = encode(index, s)
  while (u >= s.elements) u = encode(u, s)
  return u
}
