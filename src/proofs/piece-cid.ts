/**
 * Piece CIDs. v1 (`baga6ea4seaq…`): codec fil-commitment-unsealed (0xf101), multihash
 * sha2-256-trunc254-padded (0x1012), the 32-byte root. v2 (FRC-0069, `bafkzcib…`): codec raw (0x55),
 * multihash fr32-sha256-trunc254-padbintree (0x1011) whose digest is uvarint(padding) ‖ height ‖ root.
 * CommR (`bagboea4b5abc…`): fil-commitment-sealed (0xf102), poseidon-bls12_381-a2-fc1 (0xb401).
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { DecodeError, InvalidError } from '../util/errors.ts'
import { decodeUvarint, encodeUvarint } from '../util/varint.ts'
import { checkPaddedSize, unpaddedSize } from './piece-size.ts'

export const FIL_COMMITMENT_UNSEALED = 0xf101
export const FIL_COMMITMENT_SEALED = 0xf102
export const SHA2_256_TRUNC254_PADDED = 0x1012
export const POSEIDON_BLS12_381_A2_FC1 = 0xb401
export const FR32_SHA256_TRUNC254_PADBINTREE = 0x1011
const RAW = 0x55

function check32(commitment: Uint8Array, what: string): void {
  if (commitment.length !== 32) throw new InvalidError(`${what}: commitment is ${commitment.length} bytes, want 32`)
}

/** CommP/CommD → piece CID v1. */
export function commPToCid(commP: Uint8Array): CID {
  check32(commP, 'piece CID')
  return CID.createV1(FIL_COMMITMENT_UNSEALED, Digest.create(SHA2_256_TRUNC254_PADDED, commP))
}

/** CommR → sealed CID. */
export function commRToCid(commR: Uint8Array): CID {
  check32(commR, 'sealed CID')
  return CID.createV1(FIL_COMMITMENT_SEALED, Digest.create(POSEIDON_BLS12_381_A2_FC1, commR))
}

/** A piece CID v1 (or sealed CID) → its 32-byte commitment; DecodeError naming what is wrong. */
export function cidToCommitment(cid: CID, codec: number = FIL_COMMITMENT_UNSEALED): Uint8Array {
  const want = codec === FIL_COMMITMENT_UNSEALED ? SHA2_256_TRUNC254_PADDED : POSEIDON_BLS12_381_A2_FC1
  if (cid.code !== codec)
    throw new DecodeError(`CID ${cid} has codec 0x${cid.code.toString(16)}, want 0x${codec.toString(16)}`)
  if (cid.multihash.code !== want)
    throw new DecodeError(`CID ${cid} has multihash 0x${cid.multihash.code.toString(16)}, want 0x${want.toString(16)}`)
  if (cid.multihash.digest.length !== 32) throw new DecodeError(`CID ${cid} digest is not 32 bytes`)
  return cid.multihash.digest
}

/** Piece CID v2 from the root, the padded piece size and the payload size. */
export function pieceCidV2(commP: Uint8Array, paddedSize: number, payloadSize: number): CID {
  check32(commP, 'piece CID v2')
  checkPaddedSize(paddedSize)
  const capacity = unpaddedSize(paddedSize)
  if (!Number.isSafeInteger(payloadSize) || payloadSize < 0 || payloadSize > capacity)
    throw new InvalidError(`piece CID v2: payload ${payloadSize} does not fit a ${paddedSize}-byte piece`)
  const padding = encodeUvarint(capacity - payloadSize)
  const digest = new Uint8Array(padding.length + 33)
  digest.set(padding, 0)
  digest[padding.length] = Math.log2(paddedSize / 32)
  digest.set(commP, padding.length + 1)
  return CID.createV1(RAW, Digest.create(FR32_SHA256_TRUNC254_PADBINTREE, digest))
}

/** Splits a piece CID v2 into root, padded size and payload size. */
export function parsePieceCidV2(cid: CID): { commP: Uint8Array; paddedSize: number; payloadSize: number } {
  if (cid.code !== RAW || cid.multihash.code !== FR32_SHA256_TRUNC254_PADBINTREE)
    throw new DecodeError(`CID ${cid} is not a piece CID v2 (raw + fr32-sha256-trunc254-padbintree)`)
  const d = cid.multihash.digest
  const [padding, n] = decodeUvarint(d, 0)
  const height = d[n]
  if (height === undefined || d.length !== n + 33 || height < 2 || height > 31)
    throw new DecodeError(`piece CID v2 ${cid}: malformed digest`)
  const paddedSize = 32 * 2 ** height
  const payloadSize = unpaddedSize(paddedSize) - Number(padding)
  if (payloadSize < 0) throw new DecodeError(`piece CID v2 ${cid}: padding exceeds the piece`)
  return { commP: d.subarray(n + 1), paddedSize, payloadSize }
}
