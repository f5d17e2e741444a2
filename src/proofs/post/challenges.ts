/**
 * PoSt challenges (rust-fil-proofs `storage-proofs-post/src/fallback/vanilla.rs` and `utils.rs`):
 * - leaf challenge n of a sector = (first 8 bytes LE of SHA-256(randomness ‖ sector_id u64 LE ‖ index u64
 *   LE)) mod N, where index = n under API 1.2 (Window PoSt V1_1 proofs and Winning PoSt) and
 *   sector_index·count + n under API 1.0/1.1 (Window PoSt V1 proofs);
 * - Winning PoSt sector pick n = (first 8 bytes LE of SHA-256(prover_id ‖ randomness ‖ n u64 LE)) mod the
 *   eligible sector count.
 */
import { createHash } from 'node:crypto'
import { InvalidError } from '../../util/errors.ts'
import { FR_MODULUS } from '../sdr/encode.ts'

function u64le(n: bigint | number): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true)
  return b
}

function firstU64(h: Uint8Array): bigint {
  return new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, true)
}

/** Throws unless `b` is 32 bytes holding a canonical Fr element (rust `as_safe_commitment`). */
export function checkFr32(b: Uint8Array, what: string): void {
  if (b.length !== 32) throw new InvalidError(`${what} is ${b.length} bytes, want 32`)
  let x = 0n
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  if (x >= FR_MODULUS) throw new InvalidError(`${what} is not a valid field element (mask byte 31 with 0x3f)`)
}

/** The `count` challenged leaves of one sector. `indexBase` is sector_index·count under API 1.0/1.1, else 0. */
export function leafChallenges(
  randomness: Uint8Array,
  sectorNumber: bigint | number,
  count: number,
  nodes: number,
  indexBase = 0,
): number[] {
  const prefix = createHash('sha256').update(randomness).update(u64le(sectorNumber))
  const out: number[] = []
  for (let n = 0; n < count; n++) {
    const h = prefix
      .copy()
      .update(u64le(indexBase + n))
      .digest()
    out.push(Number(firstU64(h) % BigInt(nodes)))
  }
  return out
}

/** Winning PoSt: indices into the eligible sector list of the `count` challenged sectors. */
export function sectorChallenges(
  randomness: Uint8Array,
  proverId: Uint8Array,
  count: number,
  eligible: number,
): number[] {
  if (!Number.isInteger(eligible) || eligible < 1)
    throw new InvalidError(`PoSt: cannot pick a sector among ${eligible} eligible sectors`)
  const out: number[] = []
  for (let n = 0; n < count; n++) {
    const h = createHash('sha256').update(proverId).update(randomness).update(u64le(n)).digest()
    out.push(Number(firstU64(h) % BigInt(eligible)))
  }
  return out
}
