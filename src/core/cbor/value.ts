import type { CID } from 'multiformats/cid'

/**
 * The DAG-CBOR data model as Filecoin uses it: integers (number when safe, bigint beyond), byte and text
 * strings, arrays (cbor-gen tuples), string-keyed maps, CIDs (tag 42), booleans and null. No floats, no
 * undefined, no other tags.
 */
export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | Uint8Array
  | CID
  | CborValue[]
  | { [key: string]: CborValue }

/** A map value as the codec produces and accepts it. */
export type CborMap = { [key: string]: CborValue }
