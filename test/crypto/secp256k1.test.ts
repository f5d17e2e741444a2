import assert from 'node:assert/strict'
import { test } from 'node:test'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { blake2b } from '@noble/hashes/blake2.js'
import { Signature as IsoSignature } from 'iso-filecoin/signature'
import * as iso from 'iso-filecoin/wallet'
import { Address } from '../../src/core/address.ts'
import { secp256k1Scheme, secpRecover, secpSign } from '../../src/crypto/secp256k1.ts'
import { keyAddress } from '../../src/crypto/sigs.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'

/** A deterministic key from a seed (keys must be below the group order; these are). */
function keyOf(seed: number): Uint8Array {
  return blake2b(Uint8Array.of(seed), { dkLen: 32 })
}

test('go-address vector: the secp256k1 public key maps to its f1 address', () => {
  const pub = fromHex(
    '049402fac37e6432a416a3a0ca5426b5185ab3b24f6134efa25ce487c82d2e4e13bf452511e0d2245421f8613bc10d72fa216666a96c3bc13920d3ff233fd0bc05',
  )
  assert.equal(secp256k1Scheme.address(pub).toString('f'), 'f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq')
  // The compressed form names the same key, hence the same address.
  const compressed = secp256k1.Point.fromBytes(pub).toBytes(true)
  assert.equal(secp256k1Scheme.address(compressed).toString('f'), 'f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq')
})

test('same key, same message: byte-identical signatures with iso-filecoin, each verifying the other', () => {
  for (let seed = 0; seed < 8; seed++) {
    const key = keyOf(seed)
    const message = blake2b(Uint8Array.of(seed, 1), { dkLen: 38 })
    const ours = secpSign(key, message)
    const theirs = iso.sign(key, 'SECP256K1', message)
    assert.equal(toHex(ours), toHex(theirs.data), `seed ${seed}`)

    const pub = iso.getPublicKey(key, 'testnet', 'SECP256K1')
    assert.equal(keyAddress(1, key).toString('t'), pub.address.toString())
    assert.equal(secp256k1Scheme.verify(theirs.data, message, keyAddress(1, key)), true)
    assert.equal(iso.verify(new IsoSignature({ type: 'SECP256K1', data: ours }), message, pub.publicKey), true)
  }
})

test('signature layout is R‖S‖V over blake2b-256(message), low S', () => {
  const key = keyOf(42)
  const message = new TextEncoder().encode('layout')
  const sig = secpSign(key, message)
  assert.equal(sig.length, 65)
  assert.ok(sig[64] === 0 || sig[64] === 1)
  const noble = secp256k1.sign(blake2b(message, { dkLen: 32 }), key, { prehash: false })
  assert.equal(toHex(sig.subarray(0, 64)), toHex(noble))
  const s = BigInt(`0x${toHex(sig.subarray(32, 64))}`)
  assert.ok(s <= secp256k1.Point.CURVE().n / 2n)
})

test('verify recovers the key: wrong V, flipped bytes, bad r/s and recovery ids above 3 fail', () => {
  const key = keyOf(7)
  const signer = keyAddress(1, key)
  const message = new TextEncoder().encode('recover')
  const sig = secpSign(key, message)
  assert.equal(secp256k1Scheme.verify(sig, message, signer), true)
  assert.ok(Address.fromSecp256k1PublicKey(secpRecover(sig, message)!).equals(signer))

  const wrongV = sig.slice()
  wrongV[64]! ^= 1
  assert.equal(secp256k1Scheme.verify(wrongV, message, signer), false)
  for (const i of [0, 31, 32, 63]) {
    const bad = sig.slice()
    bad[i]! ^= 0x80
    assert.equal(secp256k1Scheme.verify(bad, message, signer), false, `byte ${i}`)
  }
  const v4 = sig.slice()
  v4[64] = 4
  assert.equal(secpRecover(v4, message), null)
  assert.equal(secpRecover(new Uint8Array(65), message), null)
  assert.equal(secpRecover(new Uint8Array(65).fill(0xff), message), null)
  assert.equal(secpRecover(sig.subarray(0, 64), message), null)
  assert.equal(secp256k1Scheme.verify(sig, message, Address.fromId(9)), false)
})

test('a high-S twin (n - s, flipped V) recovers the same key, so it verifies, as libsecp256k1 recovery does', () => {
  const key = keyOf(11)
  const signer = keyAddress(1, key)
  const message = new TextEncoder().encode('malleable')
  const sig = secpSign(key, message)
  const n = secp256k1.Point.CURVE().n
  const s = BigInt(`0x${toHex(sig.subarray(32, 64))}`)
  const twin = sig.slice()
  twin.set(fromHex((n - s).toString(16).padStart(64, '0')), 32)
  twin[64]! ^= 1
  assert.equal(secp256k1Scheme.verify(twin, message, signer), true)
})
