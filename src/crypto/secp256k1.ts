/**
 * secp256k1 as Filecoin signs with it (Lotus `lib/sigs/secp`): the signed digest is blake2b-256 of the
 * message, the signature is 65 bytes R‖S‖V (V the recovery id), and verification recovers the public
 * key from the signature and compares its f1 address with the signer's. Signing is RFC 6979
 * deterministic with low S, as libsecp256k1 (which Lotus calls) produces.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { type Address, Address as AddressClass, Protocol } from '../core/address.ts'
import { blake2b256 } from '../core/cid.ts'
import { SigType } from '../core/signature.ts'
import { SignatureError } from '../util/errors.ts'
import type { SigScheme } from './sigs.ts'

export const SECP_PRIVATE_KEY_LEN = 32
export const SECP_PUBLIC_KEY_LEN = 65
export const SECP_SIGNATURE_LEN = 65

function checkPrivateKey(privateKey: Uint8Array): Uint8Array {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== SECP_PRIVATE_KEY_LEN)
    throw new SignatureError(
      `secp256k1 private key must be ${SECP_PRIVATE_KEY_LEN} bytes, got ${privateKey?.length ?? typeof privateKey}`,
    )
  if (!secp256k1.utils.isValidSecretKey(privateKey))
    throw new SignatureError('secp256k1 private key is not a valid scalar (zero or not below the group order)')
  return privateKey
}

/** The 65-byte uncompressed public key of a 32-byte private key. */
export function secpPublicKey(privateKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(checkPrivateKey(privateKey), false)
}

/** R‖S‖V over blake2b-256(message). */
export function secpSign(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  // noble's 'recovered' form is V‖R‖S; Filecoin puts V last.
  const vrs = secp256k1.sign(blake2b256(message), checkPrivateKey(privateKey), {
    prehash: false,
    format: 'recovered',
  })
  const out = new Uint8Array(SECP_SIGNATURE_LEN)
  out.set(vrs.subarray(1), 0)
  out[64] = vrs[0]!
  return out
}

/**
 * The uncompressed public key that produced `signature` over `message`, or null when the signature is
 * malformed (wrong length, r or s out of range, recovery id above 3, no such point).
 */
export function secpRecover(signature: Uint8Array, message: Uint8Array): Uint8Array | null {
  if (signature.length !== SECP_SIGNATURE_LEN) return null
  const v = signature[64]!
  if (v > 3) return null
  const vrs = new Uint8Array(SECP_SIGNATURE_LEN)
  vrs[0] = v
  vrs.set(signature.subarray(0, 64), 1)
  try {
    return secp256k1.Signature.fromBytes(vrs, 'recovered').recoverPublicKey(blake2b256(message)).toBytes(false)
  } catch {
    return null
  }
}

/** Decompresses a 33-byte key or checks a 65-byte one, returning the 65-byte form. */
function uncompressed(publicKey: Uint8Array): Uint8Array {
  try {
    return secp256k1.Point.fromBytes(publicKey).toBytes(false)
  } catch (err) {
    throw new SignatureError(`secp256k1 public key is not a valid curve point (${publicKey.length} bytes)`, {
      cause: err,
    })
  }
}

export const secp256k1Scheme: SigScheme = {
  type: SigType.Secp256k1,
  keyType: 'secp256k1',
  signatureLength: SECP_SIGNATURE_LEN,
  addressProtocol: Protocol.SECP256K1,
  generatePrivateKey: () => secp256k1.utils.randomSecretKey(),
  publicKey: secpPublicKey,
  address: (publicKey: Uint8Array): Address => AddressClass.fromSecp256k1PublicKey(uncompressed(publicKey)),
  sign: secpSign,
  verify(signatureData: Uint8Array, message: Uint8Array, signer: Address): boolean {
    if (signer.protocol !== Protocol.SECP256K1) return false
    const pub = secpRecover(signatureData, message)
    return pub !== null && AddressClass.fromSecp256k1PublicKey(pub).equals(signer)
  },
}
