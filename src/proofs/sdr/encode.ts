/**
 * Encoding the replica: replica[v] = data[v] + key[v] mod r, each 32-byte node read as a little-endian
 * BLS12-381 scalar; decoding subtracts. The key is the last SDR layer.
 */
import { InvalidError } from '../../util/errors.ts'

/** The BLS12-381 scalar field modulus. */
export const FR_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n

function readLe(b: Uint8Array, off: number): bigint {
  let x = 0n
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(b[off + i]!)
  return x
}

function writeLe(x: bigint, b: Uint8Array, off: number): void {
  let v = x
  for (let i = 0; i < 32; i++) {
    b[off + i] = Number(v & 0xffn)
    v >>= 8n
  }
}

function apply(data: Uint8Array, key: Uint8Array, sign: 1n | -1n): Uint8Array {
  if (data.length !== key.length || data.length % 32 !== 0)
    throw new InvalidError(`encode: data (${data.length} B) and key (${key.length} B) must be equal multiples of 32`)
  const out = new Uint8Array(data.length)
  for (let off = 0; off < data.length; off += 32) {
    const d = readLe(data, off)
    if (d >= FR_MODULUS) throw new InvalidError(`encode: node ${off / 32} is not a valid Fr element`)
    let x = (d + sign * readLe(key, off)) % FR_MODULUS
    if (x < 0n) x += FR_MODULUS
    writeLe(x, out, off)
  }
  return out
}

/** replica = data + key (mod r), node by node. */
export function encodeReplica(data: Uint8Array, key: Uint8Array): Uint8Array {
  return apply(data, key, 1n)
}

/** data = replica − key (mod r), node by node. */
export function decodeReplica(replica: Uint8Array, key: Uint8Array): Uint8Array {
  return apply(replica, key, -1n)
}
