import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hashMany, poseidonHash } from '../../../src/proofs/poseidon/fast.ts'
import { FR_MODULUS, frFromBytes, frToBytes, NonCanonicalFrError } from '../../../src/proofs/poseidon/fr.ts'
import { poseidonHashOptimizedRef, poseidonHashRef } from '../../../src/proofs/poseidon/reference.ts'
import { toHex } from '../../../src/util/bytes.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { readJsonVector } from '../../vectors.ts'
import { EDGE_VALUES, seededRandom } from './prng.ts'

const ARITIES = [2, 4, 8, 11] as const
const VECTOR_KEY = 'poseidon_neptune_hash_of_0..arity-1 (LE hex)'
const iota = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i))

test('neptune vectors: Poseidon(0, 1, …, arity-1) for arities 2, 4, 8, 11 on both implementations', (t) => {
  const vectors = readJsonVector(t, 'proofs.json') as Record<string, Record<string, string>> | null
  if (!vectors) return
  const table = vectors[VECTOR_KEY]!
  assert.deepEqual(Object.keys(table).sort(), ['11', '2', '4', '8'])
  for (const arity of ARITIES) {
    const expected = table[String(arity)]!
    assert.equal(toHex(frToBytes(poseidonHashRef(arity, iota(arity)))), expected, `reference arity ${arity}`)
    assert.equal(toHex(frToBytes(poseidonHash(arity, iota(arity)))), expected, `fast arity ${arity}`)
    const out = new Uint8Array(32)
    hashMany(arity, Uint8Array.from(iota(arity).flatMap((x) => [...frToBytes(x)])), out)
    assert.equal(toHex(out), expected, `hashMany arity ${arity}`)
  }
})

test('neptune vectors as u64 limbs in src/poseidon.rs hash_values (independent of the vector file)', () => {
  // The same expectations written as neptune's scalar_from_u64s([...]) limbs, least significant first.
  const limbs: Record<number, bigint[]> = {
    2: [0x2e203c369a02e7ffn, 0xa6fba9339d05a69dn, 0x739e0fd902efe161n, 0x396508d75e76a56bn],
    11: [0xcee3bbc32b693163n, 0x09f3dcd8ccb08fc1n, 0x6ca537e232ebe87an, 0x0c0fc1b2e5227f28n],
  }
  for (const [arity, l] of Object.entries(limbs)) {
    const v = l.reduceRight((acc, x) => (acc << 64n) | x, 0n)
    assert.equal(poseidonHash(Number(arity), iota(Number(arity))), v)
  }
})

test('random and edge inputs: straightforward reference = optimized reference = fast kernel', () => {
  const rnd = seededRandom(20260701n)
  for (const arity of ARITIES) {
    for (let k = 0; k < 12; k++) {
      const edge = (i: number) => EDGE_VALUES[(i + 5 * k) % EDGE_VALUES.length]!
      const inputs = Array.from({ length: arity }, (_, i) => (k < 2 ? edge(i) : k === 2 ? FR_MODULUS - 1n : rnd.fr()))
      const fast = poseidonHash(arity, inputs)
      assert.equal(poseidonHashOptimizedRef(arity, inputs), fast, `optimized ref vs fast, arity ${arity} #${k}`)
      if (k < 3) assert.equal(poseidonHashRef(arity, inputs), fast, `straight ref vs fast, arity ${arity} #${k}`)
    }
  }
})

test('hashMany: equals poseidonHash element by element across chunk boundaries', () => {
  const rnd = seededRandom(77n)
  for (const arity of ARITIES) {
    const count = arity === 2 ? 1100 : 40 // 1100 arity-2 groups span two 64 KiB staging chunks
    const inputs = Array.from({ length: count * arity }, rnd.fr)
    const bytes = new Uint8Array(inputs.length * 32)
    for (let i = 0; i < inputs.length; i++) frToBytes(inputs[i]!, bytes, i * 32)
    const out = new Uint8Array(count * 32 + 7).fill(0xee)
    hashMany(arity, bytes, out)
    for (let h = 0; h < count; h += arity === 2 ? 97 : 1) {
      const expected = poseidonHash(arity, inputs.slice(h * arity, (h + 1) * arity))
      assert.equal(frFromBytes(out, h * 32), expected, `arity ${arity} hash ${h}`)
    }
    assert.equal(frFromBytes(out, (count - 1) * 32), poseidonHash(arity, inputs.slice(-arity)))
    assert.deepEqual([...out.subarray(count * 32)], new Array(7).fill(0xee), 'bytes past the results untouched')
  }
  hashMany(8, new Uint8Array(0), new Uint8Array(0))
})

test('hashMany in place: output may start where input starts (a tree level overwriting its children)', () => {
  const rnd = seededRandom(5n)
  const count = 2100 // three staging chunks at arity 2
  const level = new Uint8Array(count * 2 * 32)
  for (let i = 0; i < count * 2; i++) frToBytes(rnd.fr(), level, i * 32)
  const expected = new Uint8Array(count * 32)
  hashMany(2, level, expected)
  hashMany(2, level, level)
  assert.deepEqual(level.subarray(0, count * 32), expected)
})

test('bad input: typed errors naming the problem', () => {
  const r = frToBytes(FR_MODULUS - 1n)
  r[0] = r[0]! + 1 // = r
  const input = new Uint8Array(3 * 64)
  input.set(r, 2 * 64 + 32)
  assert.throws(
    () => hashMany(2, input, new Uint8Array(96)),
    (e: unknown) => e instanceof NonCanonicalFrError && /byte offset 160 is not canonical/.test(e.message),
  )
  assert.throws(() => hashMany(2, new Uint8Array(65), new Uint8Array(64)), /not a multiple of 64/)
  assert.throws(() => hashMany(2, new Uint8Array(128), new Uint8Array(63)), /output holds 63 bytes/)
  assert.throws(() => hashMany(3, new Uint8Array(96), new Uint8Array(32)), /arity 3 is not supported/)
  for (const hash of [poseidonHash, poseidonHashRef]) {
    assert.throws(
      () => hash(2, [1n]),
      (e: unknown) => e instanceof InvalidError && /exactly 2 inputs, got 1/.test(e.message),
    )
    assert.throws(() => hash(2, [1n, FR_MODULUS]), /input 1 is not an Fr element/)
    assert.throws(() => hash(2, [-1n, 0n]), /input 0 is not an Fr element/)
    assert.throws(() => hash(2, [1 as unknown as bigint, 0n]), /input 0 is not an Fr element/)
    assert.throws(() => hash(7, iota(7)), /arity 7 is not supported/)
  }
})
