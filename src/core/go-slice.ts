/** A Go slice field: CBOR array; Lotus-JSON array, `null` when empty (cbor-gen decodes empty as nil). */
import { type Codec, listOf } from './codec.ts'

export function goSlice<T>(inner: Codec<T>): Codec<T[]> {
  const list = listOf(inner)
  return { ...list, toJson: (v) => (v.length === 0 ? null : list.toJson(v)) }
}
