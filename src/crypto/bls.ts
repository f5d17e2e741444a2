/**
 * BLS12-381 as Filecoin uses it (Lotus `lib/sigs/bls`, filecoin-ffi / blst): "min-pk" — 48-byte
 * compressed G1 public keys, 96-byte compressed G2 signatures — hashing messages to G2 with the NUL
 * domain separation tag (basic scheme, no proof of possession). Lotus stores private keys as
 * **little-endian** 32-byte scalars; noble reads big-endian, so keys are reversed at this boundary.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { type Address, Address as AddressClass, Protocol } from '../core/address.ts'
import { SigType } from '../core/signature.ts'
import { SignatureError } from '../util/errors.ts'
import type { SigScheme } from './sigs.ts'

/** Filecoin's hash-to-G2 domain separation tag. */
export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'
export const BLS_PRIVATE_KEY_LEN = 32
export const BLS_PUBLIC_KEY_LEN = 48
export const BLS_SIGNATURE_LEN = 96

const long = bls12_381.longSignatures
const G1 = bls12_381.G1.Point
const G2 = bls12_381.G2.Point
type G1Point = InstanceType<typeof G1>
type G2Point = InstanceType<typeof G2>

/** The compressed point at infinity in G2: the aggregate of no signatures. */
export const BLS_EMPTY_AGGREGATE: Uint8Array = (() => {
  const b = new Uint8Array(BLS_SIGNATURE_LEN)
  b[0] = 0xc0
  return b
})()

/** Lotus's little-endian key bytes -> noble's big-endian scalar bytes, checked. */
function scalarBytes(privateKey: Uint8Array): Uint8Array {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== BLS_PRIVATE_KEY_LEN)
    throw new SignatureError(
      `BLS private key must be ${BLS_PRIVATE_KEY_LEN} bytes, got ${privateKey?.length ?? typeof privateKey}`,
    )
  const be = privateKey.slice().reverse()
  let n = 0n
  for (const b of be) n = (n << 8n) | BigInt(b)
  if (n === 0n || n >= bls12_381.fields.Fr.ORDER)
    throw new SignatureError('BLS private key is not a valid scalar (zero or not below the group order)')
  return be
}

/** Hashes a message to G2 with Filecoin's DST. */
export function blsHashToG2(message: Uint8Array): G2Point {
  return long.hash(message, BLS_DST)
}

/** A 48-byte compressed G1 public key as a point, or null if it is not a valid non-infinity key. */
export function blsPublicKeyPoint(publicKey: Uint8Array): G1Point | null {
  if (publicKey.length !== BLS_PUBLIC_KEY_LEN) return null
  try {
    const p = G1.fromBytes(publicKey)
    return p.is0() ? null : p
  } catch {
    return null
  }
}

/** A 96-byte compressed G2 signature as a point (infinity allowed), or null if malformed. */
export function blsSignaturePoint(signature: Uint8Array): G2Point | null {
  if (signature.length !== BLS_SIGNATURE_LEN) return null
  try {
    return long.Signature.fromBytes(signature)
  } catch {
    return null
  }
}

/** The 48-byte public key of a little-endian private key. */
export function blsPublicKey(privateKey: Uint8Array): Uint8Array {
  return long.getPublicKey(scalarBytes(privateKey)).toBytes(true)
}

/** The 96-byte signature over the raw message bytes. */
export function blsSign(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  const sk = scalarBytes(privateKey)
  return long.Signature.toBytes(long.sign(blsHashToG2(message), sk))
}

/** Verifies one signature against one 48-byte public key. */
export function blsVerify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const pk = blsPublicKeyPoint(publicKey)
  const sig = blsSignaturePoint(signature)
  if (pk === null || sig === null || sig.is0()) return false
  return long.verify(sig, blsHashToG2(message), pk)
}

/** Adds signatures into one 96-byte aggregate; no signatures give the infinity encoding. */
export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  let acc = G2.ZERO
  signatures.forEach((s, i) => {
    const p = blsSignaturePoint(s)
    if (p === null)
      throw new SignatureError(
        `BLS signature ${i} is not a valid ${BLS_SIGNATURE_LEN}-byte G2 point (got ${s.length} bytes)`,
      )
    acc = acc.add(p)
  })
  return long.Signature.toBytes(acc)
}

/**
 * Verifies an aggregate of signatures by distinct signers-and-messages pairs (how Filecoin checks a
 * block's BLS messages): e(G1, agg) = Π e(pk_i, H(m_i)), evaluated as one multi-pairing with a single
 * final exponentiation. Signers are f3 addresses or raw 48-byte public keys. No messages verify only
 * against the empty aggregate (infinity).
 */
export function verifyAggregate(
  signers: readonly (Address | Uint8Array)[],
  messages: readonly Uint8Array[],
  aggregate: Uint8Array,
): boolean {
  if (signers.length !== messages.length)
    throw new SignatureError(`BLS aggregate: ${signers.length} signers but ${messages.length} messages`)
  const agg = blsSignaturePoint(aggregate)
  if (agg === null) return false
  if (messages.length === 0) return agg.is0()
  if (agg.is0()) return false
  const pairs: { g1: G1Point; g2: G2Point }[] = []
  for (let i = 0; i < signers.length; i++) {
    const s = signers[i]!
    let key: Uint8Array
    if (s instanceof Uint8Array) key = s
    else if (s.protocol === Protocol.BLS) key = s.payload
    else return false
    const pk = blsPublicKeyPoint(key)
    if (pk === null) return false
    pairs.push({ g1: pk, g2: blsHashToG2(messages[i]!) })
  }
  pairs.push({ g1: G1.BASE.negate(), g2: agg })
  try {
    return bls12_381.fields.Fp12.eql(bls12_381.pairingBatch(pairs), bls12_381.fields.Fp12.ONE)
  } catch {
    return false
  }
}

export const blsScheme: SigScheme = {
  type: SigType.BLS,
  keyType: 'bls',
  signatureLength: BLS_SIGNATURE_LEN,
  addressProtocol: Protocol.BLS,
  generatePrivateKey: () => bls12_381.utils.randomSecretKey().reverse(),
  publicKey: blsPublicKey,
  address(publicKey: Uint8Array): Address {
    if (blsPublicKeyPoint(publicKey) === null)
      throw new SignatureError(
        `BLS public key must be a valid ${BLS_PUBLIC_KEY_LEN}-byte compressed G1 point other than infinity`,
      )
    return AddressClass.fromBlsPublicKey(publicKey)
  },
  sign: blsSign,
  verify(signatureData: Uint8Array, message: Uint8Array, signer: Address): boolean {
    if (signer.protocol !== Protocol.BLS) return false
    return blsVerify(signatureData, message, signer.payload)
  },
}
