/**
 * Fr operations on the Montgomery kernel with bigint operands and results: each call converts into
 * Montgomery form, runs the kernel operation and converts back. Slow per call (conversions dominate);
 * it exists so that the kernel's arithmetic can be checked against the bigint reference.
 */
import { InvalidError } from '../../util/errors.ts'
import { type Fr, FR_BYTES, FR_MODULUS, isFr, NonCanonicalFrError } from './fr.ts'
import {
  EL,
  isCanonicalAt,
  kernelMemory,
  MAX_WIDTH,
  ONE,
  R2,
  readFr,
  SLOT_X,
  SLOT_Y,
  SLOT_Z,
  STATE_A,
  STATE_B,
  writeFr,
} from './kernel-memory.ts'

function operand(slot: number, x: Fr, name: string): void {
  if (!isFr(x)) throw new InvalidError(`${name} is not an Fr element (a bigint in [0, r)): ${String(x)}`)
  writeFr(slot, x)
}

function binary(op: 'mulLazy' | 'add' | 'sub', a: Fr, b: Fr): Fr {
  operand(SLOT_X, a, 'a')
  operand(SLOT_Y, b, 'b')
  kernelMemory().kernel[op](SLOT_Z, SLOT_X, SLOT_Y)
  return readFr(SLOT_Z)
}

/** x^e by square-and-multiply on the kernel (e >= 0). */
function pow(x: Fr, e: bigint): Fr {
  const k = kernelMemory().kernel
  operand(SLOT_X, x, 'x')
  operand(SLOT_Z, 1n, 'one')
  for (let i = e.toString(2).length - 1; i >= 0 && e > 0n; i--) {
    k.mul(SLOT_Z, SLOT_Z, SLOT_Z)
    if ((e >> BigInt(i)) & 1n) k.mul(SLOT_Z, SLOT_Z, SLOT_X)
  }
  return readFr(SLOT_Z)
}

/** Field operations computed by the fast kernel. */
export const frFast = {
  mul: (a: Fr, b: Fr): Fr => binary('mulLazy', a, b),
  add: (a: Fr, b: Fr): Fr => binary('add', a, b),
  sub: (a: Fr, b: Fr): Fr => binary('sub', a, b),
  square(a: Fr): Fr {
    operand(SLOT_X, a, 'a')
    kernelMemory().kernel.sqr(SLOT_Y, SLOT_X)
    return readFr(SLOT_Y)
  },
  /** a + b·c through the kernel's fused product-with-addend. */
  mulAdd(a: Fr, b: Fr, c: Fr): Fr {
    operand(SLOT_X, a, 'a')
    operand(SLOT_Y, b, 'b')
    operand(SLOT_Z, c, 'c')
    kernelMemory().kernel.mulAdd(SLOT_X, SLOT_X, SLOT_Y, SLOT_Z)
    return readFr(SLOT_X)
  },
  pow5(a: Fr): Fr {
    operand(SLOT_X, a, 'x')
    kernelMemory().kernel.sbox(SLOT_X)
    return readFr(SLOT_X)
  },
  /** Σ a[i]·b[i] through the kernel's lazily reduced dot product (at most 12 terms, the widest state). */
  dot(a: readonly Fr[], b: readonly Fr[]): Fr {
    if (a.length !== b.length || a.length > MAX_WIDTH) {
      throw new InvalidError(
        `dot needs two vectors of equal length up to ${MAX_WIDTH}, got ${a.length} and ${b.length}`,
      )
    }
    for (let i = 0; i < a.length; i++) {
      operand(STATE_A + i * EL, a[i]!, `a[${i}]`)
      operand(STATE_B + i * EL, b[i]!, `b[${i}]`)
    }
    kernelMemory().kernel.dot(SLOT_Z, STATE_A, STATE_B, a.length)
    return readFr(SLOT_Z)
  },
  /** The inverse a^(r-2); zero has none. */
  inv(a: Fr): Fr {
    if (a === 0n) throw new InvalidError('Fr inverse of zero does not exist')
    return pow(a, FR_MODULUS - 2n)
  },
  /** Reads 32 canonical little-endian bytes through the kernel's Montgomery conversion. */
  fromBytes(bytes: Uint8Array, offset = 0): Fr {
    if (offset < 0 || offset + FR_BYTES > bytes.length) {
      throw new InvalidError(`Fr element needs ${FR_BYTES} bytes at offset ${offset}, have ${bytes.length - offset}`)
    }
    const { kernel: k, u8 } = kernelMemory()
    u8.set(bytes.subarray(offset, offset + FR_BYTES), SLOT_X)
    if (!isCanonicalAt(u8, SLOT_X)) {
      let v = 0n
      for (let i = FR_BYTES - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!)
      throw new NonCanonicalFrError(offset, v)
    }
    k.fromCanonical(SLOT_Y, SLOT_X)
    k.mul(SLOT_Y, SLOT_Y, R2)
    return readFr(SLOT_Y)
  },
  /** Writes the element as 32 little-endian bytes after a round trip through Montgomery form. */
  toBytes(a: Fr): Uint8Array {
    operand(SLOT_X, a, 'a')
    const { kernel: k, u8 } = kernelMemory()
    k.mul(SLOT_Y, SLOT_X, ONE)
    k.toCanonical(SLOT_Z, SLOT_Y)
    return u8.slice(SLOT_Z, SLOT_Z + FR_BYTES)
  },
}
