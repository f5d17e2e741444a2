/**
 * Round constants from the Grain LFSR in self-shrinking mode, as neptune generates them
 * (`round_constants.rs`, following the Poseidon authors' `create_rcs_grain.sage`).
 *
 * The 80-bit seed is, most significant bit first: field = 1 (2 bits), S-box = 1 (4 bits; neptune's value
 * for x^5), field size = 255 (12 bits), t (12), RF (10), RP (10), then 30 ones. 160 bits are discarded.
 * Output bits come in pairs: when the first is 1 the second is emitted, otherwise both are dropped.
 * Each candidate is 255 bits read big-endian; candidates >= r are skipped. (RF + RP) · t are drawn.
 */
import { type Fr, FR_MODULUS } from './fr.ts'

const FIELD_PRIME = 1
const SBOX_QUINTIC = 1
const FIELD_BITS = 255

/** The (RF + RP) · t round constants for width t, in the order the rounds consume them. */
export function grainRoundConstants(t: number, fullRounds: number, partialRounds: number): Fr[] {
  const grain = new Grain([
    [FIELD_PRIME, 2],
    [SBOX_QUINTIC, 4],
    [FIELD_BITS, 12],
    [t, 12],
    [fullRounds, 10],
    [partialRounds, 10],
    [0x3fffffff, 30],
  ])
  const count = (fullRounds + partialRounds) * t
  const out: Fr[] = []
  while (out.length < count) {
    // 255 bits, most significant first: a 3-bit head, then 9 words of 28 bits.
    let v = BigInt(grain.nextBits(FIELD_BITS % 28))
    for (let w = 0; w < Math.floor(FIELD_BITS / 28); w++) v = (v << 28n) | BigInt(grain.nextBits(28))
    if (v < FR_MODULUS) out.push(v)
  }
  return out
}

/** The 80-bit LFSR b[i+80] = b[i+62] ^ b[i+51] ^ b[i+38] ^ b[i+23] ^ b[i+13] ^ b[i], kept in a ring. */
class Grain {
  private readonly bits = new Uint8Array(80)
  private head = 0

  constructor(fields: [value: number, width: number][]) {
    let i = 0
    for (const [value, width] of fields) {
      for (let b = width - 1; b >= 0; b--) this.bits[i++] = Math.floor(value / 2 ** b) % 2
    }
    for (let k = 0; k < 160; k++) this.step()
  }

  private at(i: number): number {
    return this.bits[(this.head + i) % 80]!
  }

  /** Produces one raw LFSR bit. */
  private step(): number {
    const bit = this.at(62) ^ this.at(51) ^ this.at(38) ^ this.at(23) ^ this.at(13) ^ this.at(0)
    this.bits[this.head] = bit
    this.head = (this.head + 1) % 80
    return bit
  }

  /** The next `n` (<= 30) output bits as an integer, first bit most significant. */
  nextBits(n: number): number {
    let v = 0
    for (let i = 0; i < n; i++) v = v * 2 + this.nextOutputBit()
    return v
  }

  /** The self-shrinking output: pairs (1, x) give x, pairs (0, x) are dropped. */
  nextOutputBit(): number {
    while (this.step() === 0) this.step()
    return this.step()
  }
}
