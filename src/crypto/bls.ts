/**
 * BLS12-381 as Filecoin uses it (Lotus `lib/sigs/bls`, filecoin-ffi / blst): "min-pk" — 48-byte
 * compressed G1 public keys, 96-byte compressed G2 signatures — hashing messages to G2 with the NUL
 * domain separation tag (basic scheme, no proof of possession). Lotus stores private keys as
 * **little-endian** 32-byte scalars; noble reads big-endian, so keys are reversed at this boundary.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { type Address, Address as AddressClass, Protocol } from '../core/address.ts'
import { SigType } from '../core/signature.ts'
import { bytesEqual } from '../util/bytes.ts'
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
  const be = Uint8Array.from(privateKey).reverse() // a copy: Buffer#slice is a view, and reverse() would flip the caller's key
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

/** Decoded public keys (decoding includes a square root and a subgroup check), bounded. */
const keyCache = new Map<string, G1Point>()
const KEY_CACHE_MAX = 4096

/** A 48-byte compressed G1 public key as a point, or null if it is not a valid non-infinity key. */
export function blsPublicKeyPoint(publicKey: Uint8Array): G1Point | null {
  if (publicKey.length !== BLS_PUBLIC_KEY_LEN) return null
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.length).toString('latin1')
  const cached = keyCache.get(id)
  if (cached) return cached
  let p: G1Point
  try {
    p = G1.fromBytes(publicKey)
  } catch {
    return null
  }
  // Only the canonical encoding of a point is accepted (as blst does): it must re-encode to itself.
  if (p.is0() || !bytesEqual(p.toBytes(true), publicKey)) return null
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear()
  keyCache.set(id, p)
  return p
}

/** A 96-byte compressed G2 signature as a point (infinity allowed), or null if malformed. */
export function blsSignaturePoint(signature: Uint8Array): G2Point | null {
  if (signature.length !== BLS_SIGNATURE_LEN) return null
  let p: G2Point
  try {
    p = long.Signature.fromBytes(signature)
  } catch {
    return null
  }
  return bytesEqual(long.Signature.toBytes(p), signature) ? p : null
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
 * Verifies an aggregate of signatures over distinct (signer, message) pairs, as Filecoin checks a
 * block's BLS messages: e(G1, agg) = Π e(pk_i, H(m_i)). The product is one multi-pairing with a single
 * final exponentiation, and messages from the same signer share one Miller loop
 * (e(pk, H(a))·e(pk, H(b)) = e(pk, H(a) + H(b))). Signers are f3 addresses or raw 48-byte public keys.
 * No messages verify only against the empty aggregate (infinity). Note: Lotus's block check
 * (`filcns.verifyBlsAggregate`) returns early for zero messages without looking at the aggregate, so a
 * block validator wanting Lotus's exact acceptance skips this call when a block has no BLS messages.
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
  const bySigner = new Map<string, { pk: G1Point; h: G2Point }>()
  for (let i = 0; i < signers.length; i++) {
    const s = signers[i]!
    let key: Uint8Array
    if (s instanceof Uint8Array) key = s
    else if (s.protocol === Protocol.BLS) key = s.payload
    else return false
    const pk = blsPublicKeyPoint(key)
    if (pk === null) return false
    const h = blsHashToG2(messages[i]!)
    const id = Buffer.from(key.buffer, key.byteOffset, key.length).toString('latin1')
    const entry = bySigner.get(id)
    if (entry) entry.h = entry.h.add(h)
    else bySigner.set(id, { pk, h })
  }
  const terms: { pk: G1Point; h: G2Point }[] = [...bySigner.values(), { pk: G1.BASE.negate(), h: agg }]
  if (terms.some((t) => t.h.is0())) return false
  // Every G2 point here is in the subgroup (hashed to it, sums of such, or a decoded, checked signature),
  // so the Miller loops run on precomputed lines directly, skipping pairingBatch's re-validation.
  const loops = terms.map((t) => {
    const { x, y } = t.pk.toAffine()
    return [bls12_381.utils.calcPairingPrecomputes(t.h), x, y] as MillerInput
  })
  const { Fp12 } = bls12_381.fields
  return Fp12.eql(Fp12.finalExponentiate(bls12_381.millerLoopBatch(loops)), Fp12.ONE)
}

type MillerInput = Parameters<typeof bls12_381.millerLoopBatch>[0][number]

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
