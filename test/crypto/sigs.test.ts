import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Address } from '../../src/core/address.ts'
import { type Signature, SigType } from '../../src/core/signature.ts'
import {
  keyAddress,
  schemeFor,
  schemeForAddress,
  schemeForKeyType,
  sign,
  sigSchemes,
  verifySignature,
} from '../../src/crypto/sigs.ts'
import { fromBase64, fromHex } from '../../src/util/bytes.ts'
import { SignatureError } from '../../src/util/errors.ts'
import { readJsonVector } from '../vectors.ts'

interface SigningVector {
  Unsigned: { From: string }
  CidHexBytes: string
  PrivateKey: string
  Signature: { Type: number; Data: string }
}

/** Asserts `fn` throws a SignatureError whose message matches `re`. */
function throwsSig(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SignatureError, `expected SignatureError, got ${String(err)}`)
    assert.match(err.message, re)
    return true
  })
}

const msg = new TextEncoder().encode('lotus-ts signing test')

describe('message_signing.json (serialization-vectors)', () => {
  test('BLS key -> t3 address, sign(CID bytes) = vector signature, verifies', (t) => {
    const vectors = readJsonVector(t, 'serialization/message_signing.json') as SigningVector[] | null
    if (vectors === null) return
    assert.ok(vectors.length > 0)
    for (const v of vectors) {
      const key = fromBase64(v.PrivateKey)
      const payload = fromHex(v.CidHexBytes)
      const from = Address.parse(v.Unsigned.From)
      assert.equal(v.Signature.Type, SigType.BLS)
      assert.equal(keyAddress(SigType.BLS, key).toString('t'), v.Unsigned.From)
      const sig = sign(SigType.BLS, key, payload)
      assert.equal(sig.type, SigType.BLS)
      assert.deepEqual(sig.data, fromBase64(v.Signature.Data))
      verifySignature(sig, payload, from)
      assert.equal(sigSchemes[2].verify(sig.data, payload, from), true)
    }
  })

  test('bad signatures over a vector fail with the reason named', (t) => {
    const vectors = readJsonVector(t, 'serialization/message_signing.json') as SigningVector[] | null
    if (vectors === null) return
    const [a, b] = vectors as [SigningVector, SigningVector]
    const payload = fromHex(a.CidHexBytes)
    const from = Address.parse(a.Unsigned.From)
    const good: Signature = { type: SigType.BLS, data: fromBase64(a.Signature.Data) }

    const flipped = good.data.slice()
    flipped[50]! ^= 0x01
    throwsSig(() => verifySignature({ type: SigType.BLS, data: flipped }, payload, from), /does not match/)
    throwsSig(
      () => verifySignature({ type: SigType.BLS, data: good.data.subarray(0, 95) }, payload, from),
      /96 bytes, got 95/,
    )
    throwsSig(() => verifySignature(good, payload, Address.parse(b.Unsigned.From)), /does not match/)
    throwsSig(() => verifySignature(good, fromHex(b.CidHexBytes), from), /does not match/)
    const secpSigner = keyAddress(SigType.Secp256k1, new Uint8Array(32).fill(7))
    throwsSig(() => verifySignature(good, payload, secpSigner), /cannot be from t1.*protocol 1/)
    throwsSig(() => verifySignature(good, payload, Address.fromId(1000)), /cannot be from t01000/)
  })
})

describe('registry', () => {
  test('schemes are keyed by type and key type', () => {
    assert.equal(schemeFor(1).keyType, 'secp256k1')
    assert.equal(schemeFor(2).keyType, 'bls')
    assert.equal(schemeForKeyType('bls'), sigSchemes[2])
    assert.equal(schemeForKeyType('secp256k1'), sigSchemes[1])
    for (const [type, scheme] of Object.entries(sigSchemes)) assert.equal(scheme.type, Number(type))
  })

  test('unknown types are named', () => {
    throwsSig(() => schemeFor(3), /unsupported signature type 3 \(delegated\)/)
    throwsSig(() => schemeFor(0), /unsupported signature type 0/)
    throwsSig(() => schemeFor(9), /unsupported signature type 9/)
    throwsSig(() => schemeForKeyType('secp256k1-ledger'), /unsupported key type "secp256k1-ledger"/)
    throwsSig(() => schemeForKeyType('toString'), /unsupported key type/)
    throwsSig(() => sign(SigType.Delegated, new Uint8Array(32), msg), /delegated/)
    throwsSig(() => verifySignature({ type: 0, data: new Uint8Array(65) }, msg, Address.fromId(1)), /type 0/)
  })

  test('schemeForAddress picks by protocol and refuses non-key addresses', () => {
    assert.equal(schemeForAddress(keyAddress(1, new Uint8Array(32).fill(3))), sigSchemes[1])
    throwsSig(() => schemeForAddress(Address.fromId(5)), /not a key address/)
  })

  for (const type of [SigType.Secp256k1, SigType.BLS] as const) {
    const scheme = sigSchemes[type]
    test(`${scheme.keyType}: generated keys sign and verify; wrong key, message or type fail`, () => {
      const k1 = scheme.generatePrivateKey()
      const k2 = scheme.generatePrivateKey()
      assert.equal(k1.length, 32)
      assert.notDeepEqual(k1, k2)
      const a1 = keyAddress(type, k1)
      const a2 = scheme.address(scheme.publicKey(k2))
      assert.equal(a1.protocol, scheme.addressProtocol)
      const sig = sign(type, k1, msg)
      assert.equal(sig.data.length, scheme.signatureLength)
      verifySignature(sig, msg, a1)
      throwsSig(() => verifySignature(sig, msg, a2), /does not match/)
      throwsSig(() => verifySignature(sig, new Uint8Array([1, ...msg]), a1), /does not match/)
      const longer = { type: sig.type, data: new Uint8Array([...sig.data, 0]) }
      throwsSig(() => verifySignature(longer, msg, a1), new RegExp(`${scheme.signatureLength} bytes, got`))
      const other = type === SigType.BLS ? SigType.Secp256k1 : SigType.BLS
      const otherLen = sigSchemes[other].signatureLength
      throwsSig(() => verifySignature({ type: other, data: new Uint8Array(otherLen) }, msg, a1), /cannot be from/)
      assert.equal(scheme.verify(new Uint8Array(3), msg, a1), false)
      assert.equal(scheme.verify(new Uint8Array(scheme.signatureLength), msg, a1), false)
    })

    test(`${scheme.keyType}: bad private keys are SignatureErrors`, () => {
      throwsSig(() => scheme.publicKey(new Uint8Array(31)), /must be 32 bytes, got 31/)
      throwsSig(() => scheme.sign(new Uint8Array(33), msg), /must be 32 bytes, got 33/)
      throwsSig(() => scheme.publicKey(new Uint8Array(32)), /not a valid scalar/)
      throwsSig(() => scheme.sign(new Uint8Array(32).fill(0xff), msg), /not a valid scalar/)
    })
  }

  test('address() rejects public keys that are not curve points', () => {
    throwsSig(() => sigSchemes[1].address(new Uint8Array(65)), /not a valid curve point/)
    throwsSig(() => sigSchemes[2].address(new Uint8Array(48)), /valid 48-byte/)
    const inf = new Uint8Array(48)
    inf[0] = 0xc0
    throwsSig(() => sigSchemes[2].address(inf), /other than infinity/)
  })
})
