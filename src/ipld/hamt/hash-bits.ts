/**
 * Reads a HAMT key's digest `bitWidth` bits at a time, most significant bit first (go-hamt-ipld hashBits):
 * level d uses bits [d*bitWidth, (d+1)*bitWidth) counted from the top bit of byte 0.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { InvalidError } from '../../util/errors.ts'

export type HamtHashFn = (key: Uint8Array) => Uint8Array

/** Filecoin's HAMT hash: SHA-256 of the key bytes. */
export const sha256Hash: HamtHashFn = (key) => sha256(key)

/** The slot index for `depth`; InvalidError when the digest has too few bits left (max depth). */
export function hashIndex(digest: Uint8Array, depth: number, bitWidth: number): number {
  const start = depth * bitWidth
  if (start + bitWidth > digest.length * 8) {
    throw new InvalidError(
      `HAMT max depth exceeded: ${digest.length * 8}-bit hash has no ${bitWidth} bits at depth ${depth}`,
    )
  }
  let out = 0
  for (let b = start; b < start + bitWidth; b++) out = (out << 1) | ((digest[b >> 3]! >> (7 - (b & 7))) & 1)
  return out
}
