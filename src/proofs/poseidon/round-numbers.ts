/**
 * Full and partial round counts as neptune computes them (`round_numbers.rs`, a port of the Poseidon
 * authors' `calc_round_numbers.py`) for a 256-bit field and 128-bit security, with the security margin
 * (RF + 2, RP × 1.075). neptune does this arithmetic in f32, so every step here rounds with
 * Math.fround, and it mutates the outer loop variable inside the inner loop; both are kept, since
 * they decide the result.
 */
const f = Math.fround

/** Bits of the prime as neptune counts them (n in the paper). */
const PRIME_BITLEN = 256
/** Security level in bits (M in the paper). */
const SECURITY_BITS = 128

/** The round counts for one width. */
export interface RoundNumbers {
  /** Full rounds, half before and half after the partial rounds. */
  full: number
  /** Partial rounds (S-box on element 0 only). */
  partial: number
}

/** neptune's Standard-strength round numbers for width t = arity + 1 (RF = 8; RP = 55, 56, 57, ...). */
export function roundNumbers(t: number): RoundNumbers {
  let full = 0
  let partial = 0
  let minCost = Number.POSITIVE_INFINITY
  for (let rfOuter = 2; rfOuter <= 1000; rfOuter += 2) {
    let rf = rfOuter
    for (let rpTest = 4; rpTest < 200; rpTest++) {
      let rp = rpTest
      if (!roundsAreSecure(t, rf, rp)) continue
      rf += 2 // neptune adds the margin to the loop variable itself, so it carries into later rp values
      rp = Math.ceil(f(f(1.075) * f(rp)))
      const cost = t * rf + rp
      if (cost < minCost || (cost === minCost && rf < full)) {
        full = rf
        partial = rp
        minCost = cost
      }
    }
  }
  return { full, partial }
}

function roundsAreSecure(t: number, rf: number, rp: number): boolean {
  const n = f(PRIME_BITLEN)
  const m = f(SECURITY_BITS)
  const tf = f(t)
  const rpf = f(rp)
  const rfStat = m <= f(f(n - 3) * f(tf + 1)) ? 6 : 10
  const rfInterp = f(f(f(f(0.43) * m) + f(Math.log2(tf))) - rpf)
  const rfGrob1 = f(f(f(0.21) * n) - rpf)
  const rfGrob2 = f(f(f(f(f(0.14) * n) - 1) - rpf) / f(tf - 1))
  // Rust's `f32 as usize` saturates negatives to 0.
  const need = Math.max(rfStat, Math.ceil(rfInterp), Math.ceil(rfGrob1), Math.ceil(rfGrob2), 0)
  return rf >= need
}
