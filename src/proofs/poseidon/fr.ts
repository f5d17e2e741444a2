/**
 * The BLS12-381 scalar field Fr on plain bigints: the clear reference that the fast kernel is tested
 * against. An `Fr` is a bigint in [0, r). Bytes are 32-byte little-endian, canonical (below r), as
 * Filecoin stores commitments and tree nodes.
 */
import { DecodeError, InvalidError } from '../../util/errors.ts'

/** An element of Fr: a bigint in [0, r). */
export type Fr = bigint

/** The field modulus r (255 bits). */
export const FR_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n

/** Bytes in the canonical encoding of one element. */
export const FR_BYTES = 32

const R = FR_MODULUS

/** Reduces any integer (negative too) into [0, r). */
export function frMod(a: bigint): Fr {
  const m = a % R
  return m < 0n ? m + R : m
}

export function frAdd(a: Fr, b: Fr): Fr {
  const s = a + b
  return s >= R ? s - R : s
}

export function frSub(a: Fr, b: Fr): Fr {
  const d = a - b
  return d < 0n ? d + R : d
}

export function frNeg(a: Fr): Fr {
  return a === 0n ? 0n : R - a
}

export function frMul(a: Fr, b: Fr): Fr {
  return (a * b) % R
}

export function frSquare(a: Fr): Fr {
  return (a * a) % R
}

/** a^e for e >= 0 by square-and-multiply. */
export function frPow(a: Fr, e: bigint): Fr {
  if (e < 0n) throw new InvalidError(`Fr exponent must not be negative, got ${e}`)
  let result = 1n
  let base = frMod(a)
  while (e > 0n) {
    if (e & 1n) result = (result * base) % R
    base = (base * base) % R
    e >>= 1n
  }
  return result
}

/** The multiplicative inverse, by the extended Euclidean algorithm; zero has none. */
export function frInv(a: Fr): Fr {
  let [r0, r1] = [frMod(a), R]
  if (r0 === 0n) throw new InvalidError('Fr inverse of zero does not exist')
  let [x0, x1] = [1n, 0n]
  while (r1 !== 0n) {
    const q = r0 / r1
    ;[r0, r1] = [r1, r0 - q * r1]
    ;[x0, x1] = [x1, x0 - q * x1]
  }
  return frMod(x0)
}

/** The Poseidon S-box x^5. */
export function frPow5(a: Fr): Fr {
  const a2 = (a * a) % R
  const a4 = (a2 * a2) % R
  return (a4 * a) % R
}

/** Checks that a value is an element (an integer in [0, r)). */
export function isFr(a: unknown): a is Fr {
  return typeof a === 'bigint' && a >= 0n && a < R
}

/**
 * Reads one canonical element from 32 little-endian bytes at `offset`. Throws DecodeError when the bytes
 * run short or the value is not below r.
 */
export function frFromBytes(bytes: Uint8Array, offset = 0): Fr {
  if (offset < 0 || offset + FR_BYTES > bytes.length) {
    throw new DecodeError(`Fr element needs ${FR_BYTES} bytes at offset ${offset}, have ${bytes.length - offset}`)
  }
  let v = 0n
  for (let i = FR_BYTES - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!)
  if (v >= R) throw new NonCanonicalFrError(offset, v)
  return v
}

/** Writes an element as 32 little-endian bytes (into `out` at `offset`, or into a new array). */
export function frToBytes(a: Fr, out: Uint8Array = new Uint8Array(FR_BYTES), offset = 0): Uint8Array {
  if (!isFr(a)) throw new InvalidError(`not an Fr element (must be a bigint in [0, r)): ${String(a)}`)
  let v = a
  for (let i = 0; i < FR_BYTES; i++) {
    out[offset + i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** Bytes that encode an integer >= r: Filecoin rejects these rather than reducing them. */
export class NonCanonicalFrError extends DecodeError {
  constructor(offset: number, value: bigint) {
    super(
      `Fr element at byte offset ${offset} is not canonical: 0x${value.toString(16).padStart(64, '0')} is not below the modulus r`,
    )
    this.name = 'NonCanonicalFrError'
  }
}
