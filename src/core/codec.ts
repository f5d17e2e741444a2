/**
 * A codec holds both wire forms of a type side by side: the CBOR tuple form (as a CborValue, so codecs
 * nest) and the Lotus-JSON form. API method tables name these codecs for their params and results.
 */
import { DecodeError } from '../util/errors.ts'
import { fromBase64, toBase64 } from '../util/bytes.ts'
import { decodeCbor } from './cbor/decode.ts'
import { encodeCbor } from './cbor/encode.ts'
import { asBytes, asCid, asI64, asU64, asUint, asString, asBool } from './cbor/read.ts'
import type { CborValue } from './cbor/value.ts'
import { type CID, cidFromJson, cidToJson } from './cid.ts'

export interface Codec<T> {
  /** The type's name as errors and API docs show it. */
  readonly name: string
  toCbor(value: T): CborValue
  fromCbor(value: CborValue, field?: string): T
  toJson(value: T): unknown
  fromJson(json: unknown, field?: string): T
}

/** Encodes a value with its codec to DAG-CBOR bytes. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  return encodeCbor(codec.toCbor(value))
}

/** Decodes DAG-CBOR bytes with a codec (strict: the whole input must be one item of the right shape). */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  return codec.fromCbor(decodeCbor(bytes), codec.name)
}

export function jsonWrong(field: string, expected: string, json: unknown): never {
  const got = json === null ? 'null' : Array.isArray(json) ? 'array' : typeof json
  throw new DecodeError(`${field}: expected ${expected}, got ${got}`)
}

/** Reads a JSON object's field (Lotus-JSON field names are Go's: `GasLimit`, `VRFProof`). */
export function jsonField(json: unknown, key: string, field: string): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) jsonWrong(field, 'an object', json)
  return (json as Record<string, unknown>)[key]
}

/**
 * uint64 that JSON carries as a number (Go encodes uint64 as a JSON number). Past 2^53 the JSON value is a
 * bigint, which `util/json.ts` parses and writes losslessly.
 */
export const U64: Codec<bigint> = {
  name: 'uint64',
  toCbor: (v) => v,
  fromCbor: (v, f = 'uint64') => asU64(v, f),
  toJson: (v) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v),
  fromJson: (j, f = 'uint64') => {
    if (typeof j === 'number' && Number.isSafeInteger(j) && j >= 0) return BigInt(j)
    if (typeof j === 'bigint' && j >= 0n && j < 1n << 64n) return j
    if (typeof j === 'string' && /^\d+$/.test(j) && BigInt(j) < 1n << 64n) return BigInt(j)
    return jsonWrong(f, 'an unsigned 64-bit integer', j)
  },
}

/** int64 (epochs, gas limits), carried as a JSON number. */
export const I64: Codec<bigint> = {
  name: 'int64',
  toCbor: (v) => v,
  fromCbor: (v, f = 'int64') => asI64(v, f),
  toJson: (v) => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v),
  fromJson: (j, f = 'int64') => {
    if (typeof j === 'number' && Number.isSafeInteger(j)) return BigInt(j)
    if (typeof j === 'bigint' && j >= -(1n << 63n) && j < 1n << 63n) return j
    if (typeof j === 'string' && /^-?\d+$/.test(j) && BigInt(j) >= -(1n << 63n) && BigInt(j) < 1n << 63n)
      return BigInt(j)
    return jsonWrong(f, 'a signed 64-bit integer', j)
  },
}

/** A small non-negative integer (enum values, indices, counts) that fits a JS number. */
export const Uint: Codec<number> = {
  name: 'uint',
  toCbor: (v) => v,
  fromCbor: (v, f = 'uint') => asUint(v, f),
  toJson: (v) => v,
  fromJson: (j, f = 'uint') =>
    typeof j === 'number' && Number.isSafeInteger(j) && j >= 0 ? j : jsonWrong(f, 'an unsigned integer', j),
}

/** []byte: CBOR bytes, JSON base64 (Go's encoding); JSON null is an empty byte string. */
export const Bytes: Codec<Uint8Array> = {
  name: 'bytes',
  toCbor: (v) => v,
  fromCbor: (v, f = 'bytes') => asBytes(v, f),
  toJson: (v) => (v.length === 0 ? null : toBase64(v)),
  fromJson: (j, f = 'bytes') => {
    if (j === null || j === undefined) return new Uint8Array(0)
    if (typeof j !== 'string') return jsonWrong(f, 'base64 bytes', j)
    try {
      return fromBase64(j)
    } catch {
      throw new DecodeError(`${f}: invalid base64`)
    }
  },
}

export const Str: Codec<string> = {
  name: 'string',
  toCbor: (v) => v,
  fromCbor: (v, f = 'string') => asString(v, f),
  toJson: (v) => v,
  fromJson: (j, f = 'string') => (typeof j === 'string' ? j : jsonWrong(f, 'a string', j)),
}

export const Bool: Codec<boolean> = {
  name: 'bool',
  toCbor: (v) => v,
  fromCbor: (v, f = 'bool') => asBool(v, f),
  toJson: (v) => v,
  fromJson: (j, f = 'bool') => (typeof j === 'boolean' ? j : jsonWrong(f, 'a boolean', j)),
}

export const Cid: Codec<CID> = {
  name: 'Cid',
  toCbor: (v) => v,
  fromCbor: (v, f = 'Cid') => asCid(v, f),
  toJson: cidToJson,
  fromJson: (j, f = 'Cid') => cidFromJson(j, f),
}

/** A nullable value: CBOR null / JSON null. */
export function nullable<T>(inner: Codec<T>): Codec<T | null> {
  return {
    name: `${inner.name} | null`,
    toCbor: (v) => (v === null ? null : inner.toCbor(v)),
    fromCbor: (v, f) => (v === null ? null : inner.fromCbor(v, f)),
    toJson: (v) => (v === null ? null : inner.toJson(v)),
    fromJson: (j, f) => (j === null || j === undefined ? null : inner.fromJson(j, f)),
  }
}

/** A list: CBOR array, JSON array (Go marshals a nil slice as null, so null reads as empty). */
export function listOf<T>(inner: Codec<T>): Codec<T[]> {
  return {
    name: `${inner.name}[]`,
    toCbor: (v) => v.map((x) => inner.toCbor(x)),
    fromCbor: (v, f = `${inner.name}[]`) => {
      if (!Array.isArray(v)) throw new DecodeError(`${f}: expected an array`)
      return v.map((x, i) => inner.fromCbor(x, `${f}[${i}]`))
    },
    toJson: (v) => v.map((x) => inner.toJson(x)),
    fromJson: (j, f = `${inner.name}[]`) => {
      if (j === null || j === undefined) return []
      if (!Array.isArray(j)) return jsonWrong(f, 'an array', j)
      return j.map((x, i) => inner.fromJson(x, `${f}[${i}]`))
    },
  }
}
