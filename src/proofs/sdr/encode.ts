/**
 * Encoding the replica: replica[v] = data[v] + key[v] mod r, each 32-byte node read as a little-endian
 * BLS12-381 scalar; decoding subtracts. The key is the last SDR layer. Arithmetic is on eight 32-bit
 * little-endian limbs (no bigints), so a 512MiB sector encodes in seconds.
 */
import { InvalidError } from '../../util/errors.ts'

/** The BLS12-381 scalar field modulus. */
export const FR_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n

const R = new Uint32Array(8)
for (let i = 0, x = FR_MODULUS; i < 8; i++, x >>= 32n) R[i] = Number(x & 0xffffffffn)

/** a ≥ r, for 8 limbs at a[off..]. */
function geR(a: Uint32Array, off: number): boolean {
  for (let i = 7; i >= 0; i--) {
    const x = a[off + i]!
    if (x !== R[i]) return x > R[i]!
  }
  return true
}

/** out = a − r (limbs), assuming a ≥ r. */
function subR(a: Uint32Array, off: number): void {
  let borrow = 0
  for (let i = 0; i < 8; i++) {
    const d = a[off + i]! - R[i]! - borrow
    borrow = d < 0 ? 1 : 0
    a[off + i] = d >>> 0
  }
}

function words(b: Uint8Array): Uint32Array {
  if (b.byteOffset % 4 === 0) return new Uint32Array(b.buffer, b.byteOffset, b.length / 4)
  return new Uint32Array(b.slice().buffer)
}

function apply(data: Uint8Array, key: Uint8Array, subtract: boolean): Uint8Array {
  if (data.length !== key.length || data.length % 32 !== 0)
    throw new InvalidError(`encode: data (${data.length} B) and key (${key.length} B) must be equal multiples of 32`)
  const out = new Uint8Array(data.length)
  const a = words(data)
  const b = words(key)
  const o = new Uint32Array(out.buffer)
  for (let off = 0; off < a.length; off += 8) {
    if (geR(a, off)) throw new InvalidError(`encode: node ${off / 8} is not a valid Fr element`)
    if (geR(b, off)) throw new InvalidError(`encode: key node ${off / 8} is not a valid Fr element`)
    let carry = 0
    for (let i = 0; i < 8; i++) {
      const x = subtract ? a[off + i]! - b[off + i]! - carry : a[off + i]! + b[off + i]! + carry
      carry = subtract ? (x < 0 ? 1 : 0) : x > 0xffffffff ? 1 : 0
      o[off + i] = x >>> 0
    }
    if (subtract && carry) {
      // went below zero: add r back
      let c = 0
      for (let i = 0; i < 8; i++) {
        const x = o[off + i]! + R[i]! + c
        c = x > 0xffffffff ? 1 : 0
        o[off + i] = x >>> 0
      }
    } else if (!subtract && (carry || geR(o, off))) subR(o, off)
  }
  return out
}

/** replica = data + key (mod r), node by node. */
export function encodeReplica(data: Uint8Array, key: Uint8Array): Uint8Array {
  return apply(data, key, false)
}

/** data = replica − key (mod r), node by node. */
export function decodeReplica(replica: Uint8Array, key: Uint8Array): Uint8Array {
  return apply(replica, key, true)
}
