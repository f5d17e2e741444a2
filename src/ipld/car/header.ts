/**
 * CAR v1 header: a varint length, then the DAG-CBOR map `{roots: [CID...], version: 1}`.
 * (Lotus snapshots put the head tipset's block CIDs in `roots`.)
 */
import { decodeCbor } from '../../core/cbor/decode.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import { kindOf } from '../../core/cbor/read.ts'
import { CID } from '../../core/cid.ts'
import { concatBytes } from '../../util/bytes.ts'
import { DecodeError } from '../../util/errors.ts'
import { encodeUvarint } from '../../util/varint.ts'

export interface CarHeader {
  version: 1
  roots: CID[]
}

/** The header's bytes, length prefix included. */
export function encodeCarHeader(roots: readonly CID[]): Uint8Array {
  const body = encodeCbor({ roots: [...roots], version: 1 })
  return concatBytes(encodeUvarint(body.length), body)
}

/** Parses the header body (after its length prefix). */
export function decodeCarHeader(body: Uint8Array): CarHeader {
  const v = decodeCbor(body)
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array || CID.asCID(v)) {
    throw new DecodeError(`CAR header: expected a map, got ${kindOf(v)}`)
  }
  const map = v as Record<string, unknown>
  for (const key of Object.keys(map)) {
    if (key !== 'roots' && key !== 'version')
      throw new DecodeError(`CAR header: unexpected field ${JSON.stringify(key)}`)
  }
  if (map.version === 2) throw new DecodeError('CAR header: version 2 is not supported (CAR v1 only)')
  if (map.version !== 1) throw new DecodeError(`CAR header: version is ${String(map.version)}, expected 1`)
  if (!Array.isArray(map.roots)) throw new DecodeError('CAR header: roots is missing or not an array')
  const roots = map.roots.map((r, i) => {
    const cid = CID.asCID(r)
    if (!cid) throw new DecodeError(`CAR header: roots[${i}] is not a CID`)
    return cid
  })
  return { version: 1, roots }
}
