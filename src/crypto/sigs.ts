/**
 * The signature registry (Lotus `lib/sigs`): one scheme per signature type, in a table keyed by the
 * type, so callers never switch on it. Every key and signature crossing this module is in Lotus's
 * byte form (key files, `KeyInfo.PrivateKey`, `Signature.Data`).
 */
import type { Address } from '../core/address.ts'
import { type Signature, SigType } from '../core/signature.ts'
import { SignatureError } from '../util/errors.ts'
import { blsScheme } from './bls.ts'
import { secp256k1Scheme } from './secp256k1.ts'

/** Lotus `KeyInfo.Type` names. */
export type KeyType = 'secp256k1' | 'bls'

export interface SigScheme {
  /** The signature type byte (1 secp256k1, 2 BLS). */
  readonly type: SigType
  readonly keyType: KeyType
  /** Length of `Signature.Data` (65 secp256k1, 96 BLS). */
  readonly signatureLength: number
  /** The address protocol whose addresses this scheme's signatures verify against (1 or 3). */
  readonly addressProtocol: number
  /** A fresh private key in Lotus's key-file byte order (BLS: little-endian scalar, 32 bytes). */
  generatePrivateKey(): Uint8Array
  /** secp256k1: 65-byte uncompressed; BLS: 48-byte compressed G1. */
  publicKey(privateKey: Uint8Array): Uint8Array
  /** The key address (f1 / f3) of a public key. */
  address(publicKey: Uint8Array): Address
  /** Signature data, without the type byte. */
  sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array
  /** Whether `signatureData` is `signer`'s signature over `message`; false on any malformed input. */
  verify(signatureData: Uint8Array, message: Uint8Array, signer: Address): boolean
}

/** The schemes by signature type. Delegated (3) signatures are the EVM's business and are not here. */
export const sigSchemes: Record<1 | 2, SigScheme> = {
  [SigType.Secp256k1]: secp256k1Scheme,
  [SigType.BLS]: blsScheme,
}

const TYPE_NAMES: Record<number, string> = { 0: 'unknown', 1: 'secp256k1', 2: 'bls', 3: 'delegated' }
const byKeyType: Record<string, SigScheme | undefined> = {
  secp256k1: secp256k1Scheme,
  bls: blsScheme,
}
const byProtocol: Record<number, SigScheme | undefined> = {
  [secp256k1Scheme.addressProtocol]: secp256k1Scheme,
  [blsScheme.addressProtocol]: blsScheme,
}

/** The scheme of a signature type; SignatureError naming the type when there is none. */
export function schemeFor(type: number): SigScheme {
  const scheme = (sigSchemes as Record<number, SigScheme | undefined>)[type]
  if (!scheme) {
    const name = TYPE_NAMES[type]
    throw new SignatureError(`unsupported signature type ${type}${name ? ` (${name})` : ''}`)
  }
  return scheme
}

/** The scheme of a Lotus key type name (`secp256k1`, `bls`). */
export function schemeForKeyType(keyType: string): SigScheme {
  const scheme = Object.hasOwn(byKeyType, keyType) ? byKeyType[keyType] : undefined
  if (!scheme) throw new SignatureError(`unsupported key type ${JSON.stringify(keyType)} (expected secp256k1 or bls)`)
  return scheme
}

/** The scheme whose signatures verify against addresses of this protocol (f1 secp256k1, f3 BLS). */
export function schemeForAddress(address: Address): SigScheme {
  const scheme = byProtocol[address.protocol]
  if (!scheme)
    throw new SignatureError(`address ${address} (protocol ${address.protocol}) is not a key address; resolve it first`)
  return scheme
}

/** Signs with the scheme of `type`. */
export function sign(type: SigType, privateKey: Uint8Array, message: Uint8Array): Signature {
  const scheme = schemeFor(type)
  return { type: scheme.type, data: scheme.sign(privateKey, message) }
}

/**
 * Checks `sig` is `signer`'s signature over `message`; throws SignatureError naming why not (unknown
 * type, wrong length, a signature type that cannot match the address's protocol, or no match).
 */
export function verifySignature(sig: Signature, message: Uint8Array, signer: Address): void {
  const scheme = schemeFor(sig.type)
  if (sig.data.length !== scheme.signatureLength)
    throw new SignatureError(
      `${scheme.keyType} signature must be ${scheme.signatureLength} bytes, got ${sig.data.length}`,
    )
  if (signer.protocol !== scheme.addressProtocol)
    throw new SignatureError(
      `${scheme.keyType} signature cannot be from ${signer} (address protocol ${signer.protocol}; ` +
        `${scheme.keyType} signs for protocol ${scheme.addressProtocol})`,
    )
  if (!scheme.verify(sig.data, message, signer))
    throw new SignatureError(`${scheme.keyType} signature does not match signer ${signer}`)
}

/** The key address (f1 / f3) of a private key. */
export function keyAddress(type: SigType, privateKey: Uint8Array): Address {
  const scheme = schemeFor(type)
  return scheme.address(scheme.publicKey(privateKey))
}
