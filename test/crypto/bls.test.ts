import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { blake2b } from '@noble/hashes/blake2.js'
import * as iso from 'iso-filecoin/wallet'
import { Address } from '../../src/core/address.ts'
import {
  aggregateSignatures,
  BLS_DST,
  BLS_EMPTY_AGGREGATE,
  blsPublicKey,
  blsScheme,
  blsSign,
  blsVerify,
  verifyAggregate,
} from '../../src/crypto/bls.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { SignatureError } from '../../src/util/errors.ts'

/** A deterministic little-endian key: a valid scalar (top byte cleared keeps it below r). */
function keyOf(seed: number): Uint8Array {
  const k = blake2b(Uint8Array.of(seed, 0xb1), { dkLen: 32 })
  k[31] = 0x1f & k[31]!
  return k
}
const keys = Array.from({ length: 10 }, (_, i) => keyOf(i))
const signers = keys.map((k) => blsScheme.address(blsPublicKey(k)))
const messages = keys.map((_, i) => blake2b(Uint8Array.of(i, 0x77), { dkLen: 38 }))
const sigs = keys.map((k, i) => blsSign(k, messages[i]!))

test('go-address vector: a BLS public key is its f3 payload', () => {
  const pub = fromHex(
    'ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd',
  )
  assert.equal(
    blsScheme.address(pub).toString('f'),
    'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
  )
})

test('keys are little-endian: reversed for noble, same public key as iso-filecoin given big-endian bytes', () => {
  const key = keys[3]!
  const be = key.slice().reverse()
  assert.equal(toHex(blsPublicKey(key)), toHex(bls12_381.longSignatures.getPublicKey(be).toBytes()))
  const theirs = iso.getPublicKey(be, 'testnet', 'BLS')
  assert.equal(blsScheme.address(blsPublicKey(key)).toString('t'), theirs.address.toString())
  // the NUL DST, not Ethereum's POP one
  const raw = bls12_381.longSignatures.sign(bls12_381.longSignatures.hash(messages[0]!, BLS_DST), be)
  assert.equal(toHex(blsSign(key, messages[0]!)), toHex(bls12_381.longSignatures.Signature.toBytes(raw)))
  assert.ok(BLS_DST.endsWith('_NUL_'))
})

test('generated private keys are valid little-endian scalars', () => {
  for (let i = 0; i < 4; i++) {
    const k = blsScheme.generatePrivateKey()
    assert.equal(k.length, 32)
    assert.equal(blsScheme.publicKey(k).length, 48)
  }
})

test('single signatures: verify, and fail on another key, message or infinity', () => {
  assert.equal(blsVerify(sigs[0]!, messages[0]!, blsPublicKey(keys[0]!)), true)
  assert.equal(blsVerify(sigs[0]!, messages[1]!, blsPublicKey(keys[0]!)), false)
  assert.equal(blsVerify(sigs[0]!, messages[0]!, blsPublicKey(keys[1]!)), false)
  assert.equal(blsVerify(BLS_EMPTY_AGGREGATE, messages[0]!, blsPublicKey(keys[0]!)), false)
  const infKey = new Uint8Array(48)
  infKey[0] = 0xc0
  assert.equal(blsVerify(sigs[0]!, messages[0]!, infKey), false)
  assert.equal(blsVerify(new Uint8Array(96), messages[0]!, blsPublicKey(keys[0]!)), false)
})

describe('aggregates', () => {
  test('the empty aggregate is compressed G2 infinity and verifies for zero messages only', () => {
    assert.equal(toHex(aggregateSignatures([])), `c0${'00'.repeat(95)}`)
    assert.equal(verifyAggregate([], [], BLS_EMPTY_AGGREGATE), true)
    assert.equal(verifyAggregate([], [], sigs[0]!), false)
    assert.equal(verifyAggregate([signers[0]!], [messages[0]!], BLS_EMPTY_AGGREGATE), false)
  })

  for (const n of [1, 2, 10]) {
    test(`${n} signatures: verify; any swapped message or key fails`, () => {
      const agg = aggregateSignatures(sigs.slice(0, n))
      assert.equal(agg.length, 96)
      const ks = signers.slice(0, n)
      const ms = messages.slice(0, n)
      assert.equal(verifyAggregate(ks, ms, agg), true)
      // raw 48-byte public keys work as signers too
      assert.equal(
        verifyAggregate(
          ks.map((a) => a.payload),
          ms,
          agg,
        ),
        true,
      )

      const otherMsg = ms.slice()
      otherMsg[n - 1] = new TextEncoder().encode('not signed')
      assert.equal(verifyAggregate(ks, otherMsg, agg), false)
      const otherKey = ks.slice()
      otherKey[0] = blsScheme.address(blsPublicKey(keyOf(99)))
      assert.equal(verifyAggregate(otherKey, ms, agg), false)
      if (n >= 2) {
        const swapped = ms.slice()
        ;[swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!]
        assert.equal(verifyAggregate(ks, swapped, agg), false)
        assert.equal(verifyAggregate(ks.slice(1), ms.slice(1), agg), false)
      }
      const flipped = agg.slice()
      flipped[40]! ^= 1
      assert.equal(verifyAggregate(ks, ms, flipped), false)
    })
  }

  test('several messages per signer (one shared Miller loop) verify; moving one to another signer fails', () => {
    const ks = [signers[0]!, signers[1]!, signers[0]!, signers[0]!, signers[1]!]
    const ms = [0, 1, 2, 3, 4].map((i) => messages[i]!)
    const owners = [keys[0]!, keys[1]!, keys[0]!, keys[0]!, keys[1]!]
    const agg = aggregateSignatures(owners.map((k, i) => blsSign(k, ms[i]!)))
    assert.equal(verifyAggregate(ks, ms, agg), true)
    const moved = ks.slice()
    moved[2] = signers[1]!
    assert.equal(verifyAggregate(moved, ms, agg), false)
  })

  test('only canonical point encodings are accepted', () => {
    // The same G2 point with its x.c0 coordinate written as c0 + p: rejected, as blst does.
    const p = bls12_381.fields.Fp.ORDER
    const sig = sigs[0]!
    const c0 = BigInt(`0x${toHex(sig.subarray(48))}`)
    const bumped = fromHex((c0 + p).toString(16).padStart(96, '0'))
    const noncanonical = new Uint8Array([...sig.subarray(0, 48), ...bumped])
    assert.equal(blsVerify(noncanonical, messages[0]!, blsPublicKey(keys[0]!)), false)
    assert.equal(verifyAggregate([signers[0]!], [messages[0]!], noncanonical), false)
    const pk = blsPublicKey(keys[0]!)
    const x = BigInt(`0x${toHex(pk)}`) & ((1n << 381n) - 1n)
    const pkBumped = fromHex(((x + p) | (BigInt(pk[0]! & 0xe0) << 376n)).toString(16).padStart(96, '0'))
    if (x + p < 1n << 381n) assert.equal(blsVerify(sig, messages[0]!, pkBumped), false)
  })

  test('aggregation is order-independent; bad inputs are named', () => {
    assert.deepEqual(aggregateSignatures(sigs.slice(0, 3)), aggregateSignatures([sigs[2]!, sigs[0]!, sigs[1]!]))
    assert.throws(
      () => aggregateSignatures([sigs[0]!, new Uint8Array(95)]),
      (e: unknown) => e instanceof SignatureError && /signature 1 .*got 95 bytes/.test(e.message),
    )
    assert.throws(
      () => verifyAggregate(signers.slice(0, 2), messages.slice(0, 1), sigs[0]!),
      (e: unknown) => e instanceof SignatureError && /2 signers but 1 messages/.test(e.message),
    )
    assert.equal(verifyAggregate([Address.fromId(5)], [messages[0]!], sigs[0]!), false)
    assert.equal(verifyAggregate([signers[0]!], [messages[0]!], new Uint8Array(96)), false)
  })
})
