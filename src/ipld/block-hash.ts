/**
 * Checks that a block's bytes hash to the digest in its CID. Supported multihashes: blake2b-256 (Filecoin's
 * chain), sha2-256 (IPFS data, CommP-adjacent blocks) and identity (inline data).
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { CID } from '../core/cid.ts'
import { bytesEqual } from '../util/bytes.ts'
import { DecodeError, InvalidError } from '../util/errors.ts'

export const SHA2_256 = 0x12

/** Hash functions by multihash code. */
const hashers: Record<number, (data: Uint8Array) => Uint8Array> = {
  45600: (d) => blake2b(d, { dkLen: 32 }),
  [SHA2_256]: (d) => sha256(d),
  0: (d) => d,
}

/** True when this module can verify blocks whose CIDs use the given multihash code. */
export function canVerify(code: number): boolean {
  return hashers[code] !== undefined
}

/**
 * Throws a DecodeError when `bytes` do not hash to the CID's digest, an InvalidError when the CID's hash
 * function is not one we know.
 */
export function verifyBlock(cid: CID, bytes: Uint8Array): void {
  const hash = hashers[cid.multihash.code]
  if (!hash)
    throw new InvalidError(`cannot verify block ${cid}: unsupported multihash 0x${cid.multihash.code.toString(16)}`)
  const digest = hash(bytes)
  if (!bytesEqual(digest, cid.multihash.digest))
    throw new DecodeError(`block ${cid}: bytes do not match the CID's hash`)
}
