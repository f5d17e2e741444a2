/**
 * Shared pieces of the Montgomery kernel's code generation. An element is 10 limbs of 28 bits (stored as
 * 10 little-endian u32, 40 bytes) holding a value ≡ x·R mod r with R = 2^280. 28-bit limbs leave 8 bits
 * of headroom in a 64-bit accumulator, so a column of up to 20 limb products (or 130 in the lazily
 * reduced dot product) is summed without carrying after each product.
 *
 * Values inside the kernel are loosely reduced: limbs always below 2^28, values below 2^263 but not
 * necessarily below r. That is enough because R is so much larger than r: a Montgomery product of two
 * such values is below r + 2^246 < 2r. Only the conversion out of Montgomery form (`mul` by 1) reduces
 * fully; every other operation skips the final subtraction.
 */
import { FR_MODULUS } from './fr.ts'
import { ins, Op } from './wasm-asm.ts'

export const LIMBS = 10
export const LIMB_BITS = 28
export const LIMB_MASK = (1n << 28n) - 1n
/** Bytes one element occupies in kernel memory. */
export const ELEMENT_BYTES = 4 * LIMBS
/** The Montgomery radix R = 2^280. */
export const MONT_R = 1n << BigInt(LIMBS * LIMB_BITS)
/** The modulus as 28-bit limbs, least significant first (limb 0 is 1, so -r^-1 ≡ -1 mod 2^28). */
export const P = Array.from({ length: LIMBS }, (_, j) => (FR_MODULUS >> BigInt(LIMB_BITS * j)) & LIMB_MASK)

/** The kernel's temporaries at the start of memory: x^4 in the S-box, the new s_0 in a partial round. */
export const SCR0 = 0
export const SCR1 = ELEMENT_BYTES
export const SCRATCH_BYTES = 2 * ELEMENT_BYTES

const { get, set, i64, store32 } = ins

/** S = <sum>; low = S & LIMB_MASK; carry = S >> 28. */
export function split(sum: number[], s: number, low: number, carry: number): number[] {
  return [
    ...sum,
    ...set(s),
    ...get(s),
    ...i64(LIMB_MASK),
    Op.i64And,
    ...set(low),
    ...get(s),
    ...i64(28n),
    Op.i64ShrU,
    ...set(carry),
  ]
}

/**
 * d = t - r, leaving 1 in `borrow` when t < r. Each step S = t_j + 2^28 - r_j - borrow lies in
 * (0, 2^29): its low 28 bits are the limb, bit 28 says "no borrow".
 */
export function subtractModulus(t: (j: number) => number, d: (j: number) => number, s: number, borrow: number) {
  const code: number[] = [...i64(0n), ...set(borrow)]
  for (let j = 0; j < LIMBS; j++) {
    code.push(...get(t(j)), ...i64((1n << 28n) - P[j]!), Op.i64Add, ...get(borrow), Op.i64Sub, ...set(s))
    code.push(...get(s), ...i64(LIMB_MASK), Op.i64And, ...set(d(j)))
    code.push(...i64(1n), ...get(s), ...i64(28n), Op.i64ShrU, Op.i64Sub, ...set(borrow))
  }
  return code
}

/** Stores the limb locals t(0..9) at the address in local `out`. */
export function storeLimbs(t: (j: number) => number, out: number): number[] {
  const code: number[] = []
  for (let j = 0; j < LIMBS; j++) code.push(...store32(out, 4 * j, get(t(j))))
  return code
}

/** Stores t - r when t >= r, else t (t given as normalized limb locals below 2r), at the address in local `out`. */
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

/**
 * Montgomery reduction of 19 column sums (locals col(0..18), not yet carried) into normalized limbs
 * res(0..9): adds m·r column by column so the low 280 bits vanish. The caller keeps every column below
 * 2^64 minus 10 products; the result is below 2r whenever the columns' value is below 2^280·r.
 * `top` pushes an extra value for column 19 (the addend's top limb in x·R + a·b).
 */
export function montReduceColumns(
  col: (k: number) => number,
  m: (i: number) => number,
  res: (j: number) => number,
  acc: number,
  top: number[] = [],
): number[] {
  const code: number[] = [...i64(0n), ...set(acc)]
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    code.push(...get(acc), ...get(col(k)), Op.i64Add)
    for (let i = Math.max(0, k - LIMBS + 1); i < Math.min(k, LIMBS); i++) {
      code.push(...get(m(i)), ...i64(P[k - i]!), Op.i64Mul, Op.i64Add)
    }
    if (k < LIMBS) {
      // m_k = -acc mod 2^28 (r ≡ 1 mod 2^28) makes the low limb zero; acc + m_k·1 then shifts down.
      code.push(...set(acc), ...i64(0n), ...get(acc), Op.i64Sub, ...i64(LIMB_MASK), Op.i64And, ...set(m(k)))
      code.push(...get(acc), ...get(m(k)), Op.i64Add, ...i64(28n), Op.i64ShrU, ...set(acc))
    } else {
      code.push(...set(acc), ...get(acc), ...i64(LIMB_MASK), Op.i64And, ...set(res(k - LIMBS)))
      code.push(...get(acc), ...i64(28n), Op.i64ShrU, ...set(acc))
    }
  }
  code.push(...get(acc), ...(top.length > 0 ? [...top, Op.i64Add] : []), ...set(res(LIMBS - 1)))
  return code
}
