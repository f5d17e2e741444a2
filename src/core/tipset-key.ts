/**
 * A tipset key (`lotus:chain/types/tipset_key.go`): the tipset's block CIDs in canonical order. Its bytes are
 * the concatenated CID bytes. Lotus's own CBOR form of a TipSetKey is one byte string of those bytes
 * (`TipSetKeyCodec`); structs that carry a key as `[]cid.Cid` (ExpTipSet, hello, chain exchange) use the
 * array form (`TipSetKeyCidsCodec`). JSON is an array of CIDs; `null` or `[]` is the empty key.
 */
import { bytesEqual, concatBytes, toHex } from '../util/bytes.ts'
import { DecodeError } from '../util/errors.ts'
import { asBytes } from './cbor/read.ts'
import { type CID, cidOfBytes, decodeCidPrefix } from './cid.ts'
import { Cid, type Codec, encode, listOf } from './codec.ts'

export class TipSetKey {
  /** The empty key (Lotus `EmptyTSK`). */
  static readonly EMPTY = new TipSetKey([])

  readonly cids: readonly CID[]
  readonly bytes: Uint8Array

  constructor(cids: readonly CID[]) {
    this.cids = Object.freeze([...cids])
    this.bytes = concatBytes(...cids.map((c) => c.bytes))
  }

  /** Parses concatenated CID bytes (Lotus `TipSetKeyFromBytes`). */
  static fromBytes(bytes: Uint8Array): TipSetKey {
    const cids: CID[] = []
    let rest = bytes
    while (rest.length > 0) {
      try {
        const [cid, used] = decodeCidPrefix(rest)
        cids.push(cid)
        rest = rest.subarray(used)
      } catch (err) {
        throw new DecodeError(
          `tipset key: invalid CID at byte ${bytes.length - rest.length}: ${(err as Error).message}`,
        )
      }
    }
    return new TipSetKey(cids)
  }

  get isEmpty(): boolean {
    return this.cids.length === 0
  }

  equals(other: TipSetKey): boolean {
    return bytesEqual(this.bytes, other.bytes)
  }

  /** A string usable as a Map key. */
  get key(): string {
    return toHex(this.bytes)
  }

  /** Lotus `TipSetKey.String()`: `{cid1,cid2}`. */
  toString(): string {
    return `{${this.cids.map((c) => c.toString()).join(',')}}`
  }
}

/** The CID of the key's Lotus CBOR form (Lotus `TipSetKey.Cid()`). */
export function tipSetKeyCid(k: TipSetKey): CID {
  return cidOfBytes(encode(TipSetKeyCodec, k))
}

const cidList = listOf(Cid)

function keyFromJson(j: unknown, f: string): TipSetKey {
  return new TipSetKey(cidList.fromJson(j, f))
}

/** Lotus `TipSetKey.MarshalCBOR`: one byte string of the concatenated CIDs. JSON: array of CIDs. */
export const TipSetKeyCodec: Codec<TipSetKey> = {
  name: 'TipSetKey',
  toCbor: (k) => k.bytes,
  fromCbor: (v, f = 'TipSetKey') => {
    const b = asBytes(v, f)
    try {
      return TipSetKey.fromBytes(b)
    } catch (err) {
      throw new DecodeError(`${f}: ${(err as Error).message}`)
    }
  },
  toJson: (k) => cidList.toJson([...k.cids]),
  fromJson: (j, f = 'TipSetKey') => keyFromJson(j, f),
}

/** A key carried as `[]cid.Cid` (CBOR array of CIDs). JSON: array of CIDs. */
export const TipSetKeyCidsCodec: Codec<TipSetKey> = {
  name: 'TipSetKey',
  toCbor: (k) => [...k.cids],
  fromCbor: (v, f = 'TipSetKey') => new TipSetKey(cidList.fromCbor(v, f)),
  toJson: (k) => cidList.toJson([...k.cids]),
  fromJson: (j, f = 'TipSetKey') => keyFromJson(j, f),
}
