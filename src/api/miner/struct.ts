/**
 * Codecs for Go structs as Lotus-JSON objects with Go's field names (`{"ID": …, "Weight": …}`), and a few
 * field codecs the storage types need. The CBOR form is a tuple in field order (as cbor-gen writes
 * structs), so the codecs nest anywhere a `Codec` is expected.
 */
import { asInt, asTuple } from '../../core/cbor/read.ts'
import type { CborValue } from '../../core/cbor/value.ts'
import { type Codec, jsonField, jsonWrong, listOf, Str } from '../../core/codec.ts'

type Fields<T> = { readonly [K in keyof T]: Codec<T[K]> }

/** A struct codec: `fields` in Go's order and names. */
export function struct<T extends object>(name: string, fields: Fields<T>): Codec<T> {
  const entries = Object.entries(fields) as [keyof T & string, Codec<unknown>][]
  return {
    name,
    toCbor: (v) => entries.map(([k, c]) => c.toCbor(v[k])) as CborValue,
    fromCbor: (v, f = name) => {
      const t = asTuple(v, entries.length, f)
      return Object.fromEntries(entries.map(([k, c], i) => [k, c.fromCbor(t[i]!, `${f}.${k}`)])) as T
    },
    toJson: (v) => Object.fromEntries(entries.map(([k, c]) => [k, c.toJson(v[k])])),
    fromJson: (j, f = name) =>
      Object.fromEntries(entries.map(([k, c]) => [k, c.fromJson(jsonField(j, k, f), `${f}.${k}`)])) as T,
  }
}

/** A signed integer that fits a JS number (Go int64 sizes such as FsStat's). */
export const Int: Codec<number> = {
  name: 'int64',
  toCbor: (v) => v,
  fromCbor: (v, f = 'int64') => asInt(v, f),
  toJson: (v) => v,
  fromJson: (j, f = 'int64') => (typeof j === 'number' && Number.isSafeInteger(j) ? j : jsonWrong(f, 'an integer', j)),
}

/** A Go `[]string` that may be nil: JSON null reads as empty and an empty list is written as null. */
export const StrList: Codec<string[]> = {
  ...listOf(Str),
  name: 'string[]',
  toJson: (v) => (v.length === 0 ? null : [...v]),
}

/** A Go `map[string]V` as a JSON object. */
export function mapOf<V>(name: string, value: Codec<V>): Codec<Record<string, V>> {
  const isObj = (j: unknown): j is Record<string, unknown> => typeof j === 'object' && j !== null && !Array.isArray(j)
  return {
    name,
    toCbor: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value.toCbor(x)])),
    fromCbor: (v, f = name) => {
      if (!isObj(v) || v instanceof Uint8Array) return jsonWrong(f, 'a map', v)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value.fromCbor(x as CborValue, `${f}[${k}]`)]))
    },
    toJson: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value.toJson(x)])),
    fromJson: (j, f = name) => {
      if (j === null) return {}
      if (!isObj(j)) return jsonWrong(f, 'an object', j)
      return Object.fromEntries(Object.entries(j).map(([k, x]) => [k, value.fromJson(x, `${f}[${k}]`)]))
    },
  }
}
