/**
 * Typed views of decoded CBOR. Each takes the field's name so that an error says which field is wrong:
 * `BlockHeader.Height: expected an integer, got bytes`.
 */
import { CID } from 'multiformats/cid'
import { DecodeError } from '../../util/errors.ts'
import type { CborValue } from './value.ts'

const U64_MAX = (1n << 64n) - 1n
const I64_MIN = -(1n << 63n)
const I64_MAX = (1n << 63n) - 1n

export function kindOf(v: CborValue): string {
  if (v === null) return 'null'
  if (v instanceof Uint8Array) return 'bytes'
  if (Array.isArray(v)) return `array(${v.length})`
  if (CID.asCID(v)) return 'CID'
  if (typeof v === 'object') return 'map'
  return typeof v === 'bigint' ? 'integer' : typeof v
}

function wrong(field: string, expected: string, v: CborValue): never {
  throw new DecodeError(`${field}: expected ${expected}, got ${kindOf(v)}`)
}

/** A tuple of exactly `n` fields (cbor-gen rejects both missing and extra fields). */
export function asTuple(v: CborValue, n: number, field: string): CborValue[] {
  if (!Array.isArray(v)) wrong(field, `a tuple of ${n} fields`, v)
  if (v.length !== n) throw new DecodeError(`${field}: expected a tuple of ${n} fields, got ${v.length}`)
  return v
}

export function asArray(v: CborValue, field: string): CborValue[] {
  if (!Array.isArray(v)) wrong(field, 'an array', v)
  return v
}

export function asBytes(v: CborValue, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) wrong(field, 'bytes', v)
  return v
}

export function asString(v: CborValue, field: string): string {
  if (typeof v !== 'string') wrong(field, 'a text string', v)
  return v
}

export function asBool(v: CborValue, field: string): boolean {
  if (typeof v !== 'boolean') wrong(field, 'a boolean', v)
  return v
}

export function asCid(v: CborValue, field: string): CID {
  const c = CID.asCID(v)
  if (!c) wrong(field, 'a CID', v)
  return c
}

export function asCidOrNull(v: CborValue, field: string): CID | null {
  return v === null ? null : asCid(v, field)
}

/** An unsigned 64-bit integer as a bigint. */
export function asU64(v: CborValue, field: string): bigint {
  if (typeof v !== 'number' && typeof v !== 'bigint') wrong(field, 'an unsigned integer', v)
  const n = BigInt(v)
  if (n < 0n || n > U64_MAX) throw new DecodeError(`${field}: ${n} is not a uint64`)
  return n
}

/** A signed 64-bit integer as a bigint. */
export function asI64(v: CborValue, field: string): bigint {
  if (typeof v !== 'number' && typeof v !== 'bigint') wrong(field, 'an integer', v)
  const n = BigInt(v)
  if (n < I64_MIN || n > I64_MAX) throw new DecodeError(`${field}: ${n} is outside int64`)
  return n
}

/** An unsigned integer that must fit a JS number (epochs, counts, indices, enum values). */
export function asUint(v: CborValue, field: string): number {
  if (typeof v !== 'number' || v < 0) wrong(field, 'an unsigned integer below 2^53', v)
  return v
}

/** A signed integer that must fit a JS number. */
export function asInt(v: CborValue, field: string): number {
  if (typeof v !== 'number') wrong(field, 'an integer of magnitude below 2^53', v)
  return v
}
