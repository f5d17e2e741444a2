/** Shared pieces of the Montgomery kernel's code generation: limb constants and carry helpers. */
import { FR_MODULUS } from './fr.ts'
import { ins, Op } from './wasm-asm.ts'

export const LIMBS = 8
export const MASK = 0xffffffffn
/** The modulus as 32-bit limbs, least significant first. */
export const P = Array.from({ length: LIMBS }, (_, j) => (FR_MODULUS >> BigInt(32 * j)) & MASK)

/** Bytes at the start of memory the kernel uses for temporaries: three element slots. */
export const SCRATCH_BYTES = 96
export const SCR0 = 0
export const SCR1 = 32
export const SCR2 = 64

const { get, set, i64, store32 } = ins

/** S = <sum>; low = S & MASK; carry = S >> 32. */
export function split(sum: number[], s: number, low: number, carry: number): number[] {
  return [
    ...sum,
    ...set(s),
    ...get(s),
    ...i64(MASK),
    Op.i64And,
    ...set(low),
    ...get(s),
    ...i64(32n),
    Op.i64ShrU,
    ...set(carry),
  ]
}

/**
 * d = t - r over `count` limbs (r's limbs past the 8th are 0), leaving 1 in `borrow` when t < r.
 * Each step S = t_j + 2^32 - r_j - borrow lies in (0, 2^33): its low half is the limb, bit 32 says "no borrow".
 */
export function subtractModulus(
  t: (j: number) => number,
  d: (j: number) => number,
  s: number,
  borrow: number,
  count = LIMBS,
) {
  const code: number[] = [...i64(0n), ...set(borrow)]
  for (let j = 0; j < count; j++) {
    code.push(...get(t(j)), ...i64((1n << 32n) - (P[j] ?? 0n)), Op.i64Add, ...get(borrow), Op.i64Sub, ...set(s))
    code.push(...get(s), ...i64(MASK), Op.i64And, ...set(d(j)))
    code.push(...i64(1n), ...get(s), ...i64(32n), Op.i64ShrU, Op.i64Sub, ...set(borrow))
  }
  return code
}

/** Stores t - r when t >= r, else t (t given as limb locals below 2r), at the address in local `out`. */
export function reduceAndStore(
  t: (j: number) => number,
  d: (j: number) => number,
  s: number,
  borrow: number,
  out: number,
) {
  const code = subtractModulus(t, d, s, borrow)
  for (let j = 0; j < LIMBS; j++) {
    code.push(...store32(out, 4 * j, [...get(d(j)), ...get(t(j)), ...get(borrow), Op.i64Eqz, Op.select]))
  }
  return code
}
