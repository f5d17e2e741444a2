import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blake2b } from '@noble/hashes/blake2.js'
import { DomainSeparationTag, drawRandomness, drawRandomnessFromDigest } from '../../src/crypto/randomness.ts'
import { toHex } from '../../src/util/bytes.ts'
import { InvalidError } from '../../src/util/errors.ts'

/** The draw rebuilt by hand: blake2b256(i64be(tag) ‖ blake2b256(base) ‖ i64be(round) ‖ entropy). */
function byHand(base: Uint8Array, tag: number, round: bigint, entropy: Uint8Array): string {
  const buf = Buffer.alloc(8 + 32 + 8 + entropy.length)
  buf.writeBigInt64BE(BigInt(tag), 0)
  buf.set(blake2b(base, { dkLen: 32 }), 8)
  buf.writeBigInt64BE(round, 40)
  buf.set(entropy, 48)
  return toHex(blake2b(buf, { dkLen: 32 }))
}

test('tags are go-state-types DomainSeparationTag values', () => {
  assert.deepEqual(Object.values(DomainSeparationTag), [1, 2, 3, 4, 5, 6, 7, 8, 9])
  assert.equal(DomainSeparationTag.TicketProduction, 1)
  assert.equal(DomainSeparationTag.WinningPoStChallengeSeed, 3)
  assert.equal(DomainSeparationTag.SealRandomness, 5)
  assert.equal(DomainSeparationTag.PoStChainCommit, 9)
})

test('drawRandomness hashes the base; FromDigest takes it hashed', () => {
  const base = new TextEncoder().encode('vrf proof bytes')
  const entropy = Uint8Array.from([0x42, 0x00, 0x04])
  for (const [tag, round] of [
    [DomainSeparationTag.TicketProduction, 0n],
    [DomainSeparationTag.ElectionProofProduction, 1234n],
    [DomainSeparationTag.WindowedPoStChallengeSeed, -1n],
    [DomainSeparationTag.SealRandomness, (1n << 63n) - 1n],
  ] as const) {
    const want = byHand(base, tag, round, entropy)
    assert.equal(toHex(drawRandomness(base, tag, round, entropy)), want)
    assert.equal(toHex(drawRandomnessFromDigest(blake2b(base, { dkLen: 32 }), tag, round, entropy)), want)
  }
  // a number round is the same as a bigint round; tag and round are both part of the draw
  const a = drawRandomness(base, 2, 10, entropy)
  assert.deepEqual(a, drawRandomness(base, 2, 10n, entropy))
  assert.notDeepEqual(a, drawRandomness(base, 3, 10, entropy))
  assert.notDeepEqual(a, drawRandomness(base, 2, 11, entropy))
  assert.notDeepEqual(a, drawRandomness(base, 2, 10, new Uint8Array(0)))
})

test('a known value: tag 2, round 100, empty base and entropy', () => {
  // blake2b-256 of 00..02 ‖ blake2b256("") ‖ 00..64, computed with Python's hashlib.blake2b
  assert.equal(toHex(drawRandomness(new Uint8Array(0), 2, 100, new Uint8Array(0))), KNOWN)
})

test('bad inputs are named', () => {
  assert.throws(() => drawRandomnessFromDigest(new Uint8Array(31), 1, 0, new Uint8Array(0)), InvalidError)
  assert.throws(() => drawRandomness(new Uint8Array(0), 1, 1n << 63n, new Uint8Array(0)), /does not fit int64/)
  assert.throws(() => drawRandomness(new Uint8Array(0), 1, 0.5, new Uint8Array(0)), /not an integer/)
})

const KNOWN = '4eb5ffa4b4e66fc07a378203dc9c4acf18c1fb6e7d7abe24047cc06da2bab79c'
