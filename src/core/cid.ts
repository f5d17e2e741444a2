/**
 * CIDs as Filecoin uses them: v1, dag-cbor (0x71), blake2b-256 (0xb220). Lotus-JSON form `{"/": "bafy..."}`.
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { DecodeError } from '../util/errors.ts'
import { encodeCbor } from './cbor/encode.ts'
import type { CborValue } from './cbor/value.ts'

export { CID }

export const DAG_CBOR = 0x71
export const RAW = 0x55
export const BLAKE2B_256 = 0xb220
export const IDENTITY = 0x00

export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 })
}

/** The CID of already-encoded DAG-CBOR bytes. */
export function cidOfBytes(bytes: Uint8Array, codec: number = DAG_CBOR): CID {
  return CID.createV1(codec, Digest.create(BLAKE2B_256, blake2b256(bytes)))
}

/** Encodes a value and returns its bytes and CID. */
export function encodeWithCid(value: CborValue): { bytes: Uint8Array; cid: CID } {
  const bytes = encodeCbor(value)
  return { bytes, cid: cidOfBytes(bytes) }
}

/** Parses a CID string (any multibase multiformats knows: base32 `b...`, base58 `Qm...`). */
export function parseCid(text: string): CID {
  try {
    return CID.parse(text)
  } catch (err) {
    throw new DecodeError(`invalid CID ${JSON.stringify(text.slice(0, 80))}: ${(err as Error).message}`)
  }
}

/** `01 71 a0e402 20`: CIDv1, dag-cbor, blake2b-256, 32-byte digest. */
const FILECOIN_CID_PREFIX = [0x01, 0x71, 0xa0, 0xe4, 0x02, 0x20]
const FILECOIN_CID_LEN = FILECOIN_CID_PREFIX.length + 32

function hasFilecoinPrefix(bytes: Uint8Array): boolean {
  for (let i = 0; i < FILECOIN_CID_PREFIX.length; i++) if (bytes[i] !== FILECOIN_CID_PREFIX[i]) return false
  return true
}

/**
 * Decodes the CID at the front of `bytes`; returns it and how many bytes it took. Strict like go-cid: the
 * bytes must be the CID's own canonical form (multiformats would also read `00 <codec> <multihash>` as a
 * CIDv0 that re-encodes differently; go-cid rejects an explicit version 0).
 */
export function decodeCidPrefix(bytes: Uint8Array): [CID, number] {
  if (bytes.length >= FILECOIN_CID_LEN && hasFilecoinPrefix(bytes)) {
    // Fast path for the CID Filecoin uses everywhere (v1, dag-cbor, blake2b-256): no varint parsing.
    const all = bytes.subarray(0, FILECOIN_CID_LEN)
    const mh = all.subarray(2)
    return [new CID(1, DAG_CBOR, new Digest.Digest(BLAKE2B_256, 32, mh.subarray(4), mh), all), FILECOIN_CID_LEN]
  }
  let cid: CID
  let rest: Uint8Array
  try {
    ;[cid, rest] = CID.decodeFirst(bytes)
  } catch (err) {
    throw new DecodeError(`invalid CID bytes: ${(err as Error).message}`)
  }
  const used = bytes.length - rest.length
  const own = cid.bytes
  if (own.length !== used || own.some((b, i) => b !== bytes[i]))
    throw new DecodeError('invalid CID bytes: not the canonical form')
  return [cid, used]
}

/** Decodes CID bytes (the whole input must be one canonical CID). */
export function decodeCidBytes(bytes: Uint8Array): CID {
  const [cid, used] = decodeCidPrefix(bytes)
  if (used !== bytes.length) throw new DecodeError(`invalid CID bytes: ${bytes.length - used} trailing bytes`)
  return cid
}

export type CidJson = { '/': string }

export function cidToJson(cid: CID): CidJson {
  return { '/': cid.toString() }
}

export function cidFromJson(json: unknown, field = 'CID'): CID {
  if (typeof json !== 'object' || json === null || typeof (json as CidJson)['/'] !== 'string') {
    throw new DecodeError(`${field}: expected {"/": "<cid>"}`)
  }
  return parseCid((json as CidJson)['/'])
}
