/** Unsigned LEB128 varints (multiformats/go-varint rules: at most 9 bytes, minimal encoding). */
import { DecodeError } from './errors.ts'

export function encodeUvarint(n: bigint | number): Uint8Array {
  let v = BigInt(n)
  if (v < 0n || v >= 1n << 63n) throw new DecodeError(`varint: ${v} is outside [0, 2^63)`)
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return Uint8Array.from(out)
}

/** Decodes a varint at `offset`; returns [value, bytes read]. Rejects overlong and non-minimal forms. */
export function decodeUvarint(bytes: Uint8Array, offset = 0): [bigint, number] {
  let v = 0n
  for (let i = 0; i < 9; i++) {
    const b = bytes[offset + i]
    if (b === undefined) throw new DecodeError('varint: truncated')
    v |= BigInt(b & 0x7f) << BigInt(7 * i)
    if ((b & 0x80) === 0) {
      if (b === 0 && i > 0) throw new DecodeError('varint: not minimally encoded')
      return [v, i + 1]
    }
  }
  throw new DecodeError('varint: longer than 9 bytes')
}
