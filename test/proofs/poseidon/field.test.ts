import assert from 'node:assert/strict'
import { test } from 'node:test'
import { frFast } from '../../../src/proofs/poseidon/fast-field.ts'
import {
  FR_MODULUS,
  frAdd,
  frFromBytes,
  frInv,
  frMul,
  frPow,
  frPow5,
  frSquare,
  frSub,
  frToBytes,
  NonCanonicalFrError,
} from '../../../src/proofs/poseidon/fr.ts'
import { DecodeError, InvalidError } from '../../../src/util/errors.ts'
import { EDGE_VALUES, seededRandom } from './prng.ts'

const rnd = seededRandom(0x5eed_f00dn)
const samples = [...EDGE_VALUES, ...Array.from({ length: 150 }, rnd.fr)]
const pairs = samples.map((a, i) => [a, samples[(i * 7 + 3) % samples.length]!] as const)

test('bigint reference agrees with plain integer arithmetic mod r', () => {
  for (const [a, b] of pairs) {
    assert.equal(frAdd(a, b), (a + b) % FR_MODULUS)
    assert.equal(frSub(a, b), (((a - b) % FR_MODULUS) + FR_MODULUS) % FR_MODULUS)
    assert.equal(frMul(a, b), (a * b) % FR_MODULUS)
    assert.equal(frSquare(a), (a * a) % FR_MODULUS)
    assert.equal(frPow5(a), a ** 5n % FR_MODULUS)
    if (a !== 0n) assert.equal(frMul(a, frInv(a)), 1n)
  }
  assert.equal(frPow(3n, FR_MODULUS - 1n), 1n, 'Fermat')
  assert.throws(() => frInv(0n), InvalidError)
})

test('Montgomery kernel: mul, add, sub, square, x^5, a + b·c and inverse match the bigint reference', () => {
  for (const [a, b] of pairs) {
    assert.equal(frFast.mul(a, b), frMul(a, b), `mul ${a} ${b}`)
    assert.equal(frFast.add(a, b), frAdd(a, b), `add ${a} ${b}`)
    assert.equal(frFast.sub(a, b), frSub(a, b), `sub ${a} ${b}`)
    assert.equal(frFast.square(a), frSquare(a), `square ${a}`)
    assert.equal(frFast.pow5(a), frPow5(a), `pow5 ${a}`)
    assert.equal(frFast.mulAdd(b, a, a), frAdd(b, frMul(a, a)), `mulAdd ${b} ${a}`)
  }
  for (const a of samples.slice(0, 30)) if (a !== 0n) assert.equal(frFast.inv(a), frInv(a), `inv ${a}`)
  assert.throws(() => frFast.inv(0n), InvalidError)
  assert.throws(() => frFast.mul(FR_MODULUS, 1n), InvalidError, 'operand >= r')
  assert.throws(() => frFast.add(-1n, 1n), InvalidError, 'negative operand')
})

test('Montgomery kernel: lazily reduced dot product matches the bigint sum, up to 12 terms of (r-1)^2', () => {
  const dotRef = (a: bigint[], b: bigint[]) => a.reduce((s, x, i) => (s + x * b[i]!) % FR_MODULUS, 0n)
  for (let n = 0; n <= 12; n++) {
    const max = new Array<bigint>(n).fill(FR_MODULUS - 1n)
    assert.equal(frFast.dot(max, max), dotRef(max, max), `(r-1)^2 x ${n}`)
    const a = Array.from({ length: n }, rnd.fr)
    const b = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? FR_MODULUS - 1n : rnd.fr()))
    assert.equal(frFast.dot(a, b), dotRef(a, b), `random x ${n}`)
  }
  assert.throws(() => frFast.dot([1n], []), InvalidError)
  assert.throws(() => frFast.dot(new Array(13).fill(1n), new Array(13).fill(1n)), /up to 12/)
})

test('bytes: 32-byte little-endian round trip on both implementations', () => {
  for (const a of samples) {
    const bytes = frToBytes(a)
    assert.equal(bytes.length, 32)
    assert.deepEqual(frFast.toBytes(a), bytes)
    assert.equal(frFromBytes(bytes), a)
    assert.equal(frFast.fromBytes(bytes), a)
  }
  assert.deepEqual(frToBytes(1n), Uint8Array.of(1, ...new Uint8Array(31)), 'little-endian')
  const padded = new Uint8Array(40)
  frToBytes(5n, padded, 8)
  assert.equal(frFromBytes(padded, 8), 5n)
  assert.equal(frFast.fromBytes(padded, 8), 5n)
})

test('bytes: values >= r and short input are rejected with typed errors that name the problem', () => {
  const r = new Uint8Array(32)
  for (let i = 0; i < 32; i++) r[i] = Number((FR_MODULUS >> BigInt(8 * i)) & 0xffn)
  const cases = [r, frToBytes(FR_MODULUS - 1n).map((b, i) => (i === 0 ? b + 1 : b)), new Uint8Array(32).fill(0xff)]
  for (const bad of cases) {
    for (const read of [frFromBytes, frFast.fromBytes]) {
      assert.throws(
        () => read(bad),
        (e: unknown) => e instanceof NonCanonicalFrError && e instanceof DecodeError && /not canonical/.test(e.message),
      )
    }
  }
  assert.throws(() => frFromBytes(new Uint8Array(31)), DecodeError)
  assert.throws(() => frFromBytes(new Uint8Array(32), 1), /needs 32 bytes/)
  assert.throws(() => frFast.fromBytes(new Uint8Array(31)), InvalidError)
  assert.throws(() => frToBytes(FR_MODULUS), InvalidError)
})
