/**
 * Struct codecs from a field table: a cbor-gen tuple (array of the fields in order, exact length) and a
 * Lotus-JSON object keyed by the Go field names. Errors name the field: `BlockHeader.Height: expected ...`.
 */
import { asTuple } from './cbor/read.ts'
import type { Codec } from './codec.ts'
import { jsonWrong } from './codec.ts'

/** For each property of T, in wire order: its Lotus-JSON name and its codec. */
export type FieldTable<T> = { readonly [K in keyof T]-?: readonly [json: string, codec: Codec<T[K]>] }

/** A codec for a struct encoded as a tuple of its fields (cbor-gen `tuple` representation). */
export function tupleCodec<T extends object>(name: string, fields: FieldTable<T>): Codec<T> {
  const keys = Object.keys(fields) as (keyof T & string)[]
  const entries = keys.map((k) => [k, fields[k][0], fields[k][1]] as const)
  // Field paths for errors, precomputed for the usual top-level call.
  const paths = entries.map(([, j]) => `${name}.${j}`)
  return {
    name,
    toCbor: (v) => entries.map(([k, , c]) => c.toCbor(v[k])),
    fromCbor: (v, f = name) => {
      const items = asTuple(v, entries.length, f)
      const out = {} as Record<string, unknown>
      entries.forEach(([k, j, c], i) => {
        out[k] = c.fromCbor(items[i]!, f === name ? paths[i] : `${f}.${j}`)
      })
      return out as T
    },
    toJson: (v) => {
      const out: Record<string, unknown> = {}
      for (const [k, j, c] of entries) out[j] = c.toJson(v[k])
      return out
    },
    fromJson: (j, f = name) => {
      if (typeof j !== 'object' || j === null || Array.isArray(j)) return jsonWrong(f, 'an object', j)
      const obj = j as Record<string, unknown>
      const out = {} as Record<string, unknown>
      for (const [k, key, c] of entries)
        out[k] = c.fromJson(Object.hasOwn(obj, key) ? obj[key] : undefined, `${f}.${key}`)
      return out as T
    },
  }
}
