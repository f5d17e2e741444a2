/**
 * Codecs for the JSON-RPC structs of the Worker and scheduler APIs, which have no Filecoin CBOR form: a
 * struct is declared once as its fields (TS name → Go JSON name and codec); its CBOR form is the tuple of
 * its fields in order (cbor-gen style), its JSON form the Go field names.
 */
import { asArray, asInt, asString } from '../../core/cbor/read.ts'
import type { CborValue } from '../../core/cbor/value.ts'
import { type Codec, jsonField, jsonWrong } from '../../core/codec.ts'
import { DecodeError } from '../../util/errors.ts'
import { parseJson, stringifyJson } from '../../util/json.ts'

type Fields<T> = { readonly [K in keyof T]: readonly [jsonName: string, codec: Codec<T[K]>] }

/** A struct codec from its fields. */
export function record<T>(name: string, fields: Fields<T>): Codec<T> {
  const entries = Object.entries(fields) as [keyof T & string, readonly [string, Codec<unknown>]][]
  return {
    name,
    toCbor: (v) => entries.map(([k, [, c]]) => c.toCbor(v[k])),
    fromCbor: (v, f = name) => {
      const a = asArray(v, f)
      if (a.length !== entries.length) throw new DecodeError(`${f}: expected ${entries.length} fields, got ${a.length}`)
      const out: Record<string, unknown> = {}
      entries.forEach(([k, [j, c]], i) => {
        out[k] = c.fromCbor(a[i]!, `${f}.${j}`)
      })
      return out as T
    },
    toJson: (v) => Object.fromEntries(entries.map(([k, [j, c]]) => [j, c.toJson(v[k])])),
    fromJson: (json, f = name) => {
      const out: Record<string, unknown> = {}
      for (const [k, [j, c]] of entries) out[k] = c.fromJson(jsonField(json, j, f), `${f}.${j}`)
      return out as T
    },
  }
}

/** Any JSON value (task arguments and results); its CBOR form is the JSON text. */
export const AnyJson: Codec<unknown> = {
  name: 'json',
  toCbor: (v) => stringifyJson(v ?? null),
  fromCbor: (v, f = 'json') => parseJson(asString(v, f)),
  toJson: (v) => v ?? null,
  fromJson: (j) => j,
}

/** A JavaScript number (Go float64, or an int that may be negative). */
export const Num: Codec<number> = {
  name: 'number',
  toCbor: (v) => (Number.isInteger(v) ? v : stringifyJson(v)),
  fromCbor: (v, f = 'number') => {
    if (typeof v !== 'string') return asInt(v, f)
    const n = parseJson(v)
    if (typeof n !== 'number' || !Number.isFinite(n) || Number.isInteger(n)) {
      throw new DecodeError(`${f}: expected a non-integer number as JSON text`)
    }
    return n
  },
  toJson: (v) => v,
  fromJson: (j, f = 'number') => (typeof j === 'number' && Number.isFinite(j) ? j : jsonWrong(f, 'a number', j)),
}

/** A string-keyed map (Go map[string]T); CBOR: a map. */
export function mapOf<T>(inner: Codec<T>): Codec<Record<string, T>> {
  return {
    name: `map[string]${inner.name}`,
    toCbor: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inner.toCbor(x)])) as CborValue,
    fromCbor: (v, f = 'map') => {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
        throw new DecodeError(`${f}: expected a map`)
      }
      return Object.fromEntries(
        Object.entries(v as Record<string, CborValue>).map(([k, x]) => [k, inner.fromCbor(x, `${f}.${k}`)]),
      )
    },
    toJson: (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inner.toJson(x)])),
    fromJson: (j, f = 'map') => {
      if (j === null) return {}
      if (typeof j !== 'object' || Array.isArray(j)) return jsonWrong(f, 'an object', j)
      return Object.fromEntries(Object.entries(j).map(([k, x]) => [k, inner.fromJson(x, `${f}.${k}`)]))
    },
  }
}
