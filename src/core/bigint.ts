/**
 * Filecoin big integers (go-state-types `big.Int`, `abi.TokenAmount`): CBOR bytes are a sign byte (00 for
 * positive, 01 for negative) followed by the big-endian magnitude; zero is the empty byte string. Lotus-JSON
 * writes them as decimal strings ("1000").
 */
import { DecodeError, InvalidError } from '../util/errors.ts'
import { asBytes } from './cbor/read.ts'
import type { Codec } from './codec.ts'
import { jsonWrong } from './codec.ts'

/** go-state-types `BigIntMaxSerializedLen`: sign byte plus magnitude may not exceed this. */
export const BIGINT_MAX_SERIALIZED_LEN = 128

/** Serializes a big integer to its sign-and-magnitude bytes (no CBOR header). */
export function bigintToBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0)
  const mag = n < 0n ? -n : n
  if (mag <= 0xffffffffffffn) {
    // Fast path (token amounts below ~2.8e14 attoFIL, gas prices): six bytes at most, no string round trip.
    let m = Number(mag)
    let len = 0
    for (let x = m; x > 0; x = Math.floor(x / 256)) len++
    const out = new Uint8Array(1 + len)
    out[0] = n < 0n ? 1 : 0
    for (let i = len; i > 0; i--, m = Math.floor(m / 256)) out[i] = m % 256
    return out
  }
  let hex = mag.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  const out = new Uint8Array(1 + hex.length / 2)
  out[0] = n < 0n ? 1 : 0
  out.set(Buffer.from(hex, 'hex'), 1)
  if (out.length > BIGINT_MAX_SERIALIZED_LEN)
    throw new InvalidError(`big int: ${out.length} bytes exceeds the ${BIGINT_MAX_SERIALIZED_LEN}-byte limit`)
  return out
}

/** Parses sign-and-magnitude bytes strictly: canonical form only, at most 128 bytes. */
export function bigintFromBytes(b: Uint8Array, field = 'BigInt'): bigint {
  if (b.length === 0) return 0n
  if (b.length > BIGINT_MAX_SERIALIZED_LEN)
    throw new DecodeError(`${field}: big int of ${b.length} bytes exceeds the ${BIGINT_MAX_SERIALIZED_LEN}-byte limit`)
  const sign = b[0]!
  if (sign !== 0 && sign !== 1) throw new DecodeError(`${field}: big int sign byte must be 0 or 1, got ${sign}`)
  if (b.length === 1)
    throw new DecodeError(`${field}: big int has a sign byte but no magnitude (${sign ? 'negative ' : ''}zero)`)
  if (b[1] === 0) throw new DecodeError(`${field}: big int magnitude has a leading zero byte`)
  if (b.length <= 7) {
    let m = 0
    for (let i = 1; i < b.length; i++) m = m * 256 + b[i]!
    return BigInt(sign === 1 ? -m : m)
  }
  const mag = BigInt(`0x${Buffer.from(b.buffer, b.byteOffset + 1, b.length - 1).toString('hex')}`)
  return sign === 1 ? -mag : mag
}

/** Parses a decimal big-int string as Lotus-JSON carries it. */
export function parseBigint(text: string, field = 'BigInt'): bigint {
  // Go's big.Int.SetString(s, 10) also takes a leading '+' and leading zeros; accept those too.
  const t = text.startsWith('+') ? text.slice(1) : text
  if (!/^-?\d+$/.test(t) || t.length > 400)
    throw new DecodeError(`${field}: ${JSON.stringify(text.slice(0, 40))} is not a decimal integer`)
  const n = BigInt(t)
  if (bigintToBytesLength(n) > BIGINT_MAX_SERIALIZED_LEN)
    throw new DecodeError(`${field}: big int exceeds the ${BIGINT_MAX_SERIALIZED_LEN}-byte limit`)
  return n
}

function bigintToBytesLength(n: bigint): number {
  if (n === 0n) return 0
  const hex = (n < 0n ? -n : n).toString(16)
  return 1 + Math.ceil(hex.length / 2)
}

/** `big.Int` / `abi.TokenAmount`: CBOR sign-and-magnitude bytes, JSON decimal string. */
export const BigIntCodec: Codec<bigint> = {
  name: 'BigInt',
  toCbor: (n) => bigintToBytes(n),
  fromCbor: (v, f = 'BigInt') => bigintFromBytes(asBytes(v, f), f),
  toJson: (n) => n.toString(),
  fromJson: (j, f = 'BigInt') => (typeof j === 'string' ? parseBigint(j, f) : jsonWrong(f, 'a decimal string', j)),
}
