import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decode, encode } from '../../src/core/codec.ts'
import { BitField, BitFieldCodec } from '../../src/crypto/bitfield.ts'
import { toHex } from '../../src/util/bytes.ts'
import { parseJson } from '../../src/util/json.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random set mixing runs and isolated bits below `limit`. */
function randomSet(rnd: () => number, limit: number): number[] {
  const out = new Set<number>()
  const n = Math.floor(rnd() * 60)
  for (let i = 0; i < n; i++) {
    const start = Math.floor(rnd() * limit)
    const len = rnd() < 0.5 ? 1 : Math.floor(rnd() * 40)
    for (let b = start; b < start + len; b++) out.add(b)
  }
  return [...out].sort((a, b) => a - b)
}

describe('go-bitfield behaviour', () => {
  test('TestBitfieldJson: {1, 5, 6, 7, 10, 11, 12, 15} is [1, 1, 3, 3, 2, 3, 2, 1]', () => {
    const bf = BitField.fromSet([1, 5, 6, 7, 10, 11, 12, 15])
    assert.deepEqual(bf.toJson(), [1, 1, 3, 3, 2, 3, 2, 1])
    assert.ok(BitField.fromJson([1, 1, 3, 3, 2, 3, 2, 1]).equals(bf))
  })

  test('JSON starts with a zero run: {0, 1, 2, 8, 9} is [0, 3, 5, 2]; empty is [0]', () => {
    assert.deepEqual(BitField.fromSet([0, 1, 2, 8, 9]).toJson(), [0, 3, 5, 2])
    assert.deepEqual(BitField.empty.toJson(), [0])
    assert.ok(BitField.fromJson([0]).isEmpty)
    assert.ok(BitField.fromJson([]).isEmpty)
    assert.ok(BitField.fromJson(null).isEmpty)
    // a trailing run of zeros is dropped, as EncodeRuns does
    assert.deepEqual([...BitField.fromJson([2, 3, 4])], [2, 3, 4])
    // lossless JSON: uint64 values come back as numbers or bigints
    assert.deepEqual([...BitField.fromJson(parseJson('[0, 2, 1, 1]'))], [0, 1, 3])
  })

  test('bad JSON is a DecodeError naming the problem', () => {
    assert.throws(
      () => BitField.fromJson([0, 0, 1]),
      (e: unknown) => e instanceof DecodeError && /run 1 has length 0/.test(e.message),
    )
    assert.throws(() => BitField.fromJson({}), DecodeError)
    assert.throws(() => BitField.fromJson([1, -1]), /BitField\[1\]: expected a run length/)
    assert.throws(() => BitField.fromJson([1, 'x']), /BitField\[1\]/)
    assert.throws(() => BitField.fromJson([1n << 60n, 1]), /BitField\[0\]/)
    assert.throws(() => BitField.fromJson([2 ** 52, 2 ** 52]), /past 2\^53/)
  })

  test('TestUninitializedBitField / TestMinimallyEncoded: empty is CBOR 0x40; encodings end non-zero', () => {
    assert.equal(toHex(encode(BitFieldCodec, BitField.empty)), '40')
    const rnd = prng(3)
    for (let i = 0; i < 100; i++) {
      const bytes = BitField.fromSet(randomSet(rnd, 5000)).toBytes()
      if (bytes.length > 0) assert.notEqual(bytes[bytes.length - 1], 0)
    }
  })

  test('CBOR codec round-trips and names decode errors with the field', () => {
    const bf = BitField.fromSet([0, 2, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27])
    const bytes = encode(BitFieldCodec, bf)
    assert.equal(toHex(bytes), '447c472202')
    assert.ok(decode(BitFieldCodec, bytes).equals(bf))
    assert.throws(
      () => BitFieldCodec.fromCbor(Uint8Array.of(0x7c, 0x00), 'Params.Sectors'),
      (e: unknown) => e instanceof DecodeError && /^Params\.Sectors: RLE\+: trailing zero byte/.test(e.message),
    )
    assert.throws(() => BitFieldCodec.fromCbor('x', 'Sectors'), /Sectors/)
    assert.throws(() => BitFieldCodec.fromCbor(new Uint8Array(40000).fill(1), 'F'), /over the 32768-byte limit/)
  })

  test('an in-memory set whose encoding passes 32 KiB cannot be encoded', () => {
    const bits: number[] = []
    for (let i = 0; i < 140000; i++) bits.push(2 * i)
    const bf = BitField.fromSet(bits)
    assert.throws(
      () => BitFieldCodec.toCbor(bf),
      (e: unknown) => e instanceof InvalidError && /32768-byte limit/.test(e.message),
    )
  })
})

describe('set operations', () => {
  test('union, intersect, subtract, has, count, first, last agree with a naive Set (seeded)', () => {
    const rnd = prng(99)
    for (let iter = 0; iter < 400; iter++) {
      const limit = rnd() < 0.5 ? 200 : 5000
      const a = randomSet(rnd, limit)
      const b = randomSet(rnd, limit)
      const A = BitField.fromSet(a)
      const B = BitField.fromSet(b)
      const sa = new Set(a)
      const sb = new Set(b)
      const union = [...new Set([...a, ...b])].sort((x, y) => x - y)
      assert.deepEqual([...A.union(B)], union)
      assert.deepEqual(
        [...A.intersect(B)],
        a.filter((x) => sb.has(x)),
      )
      assert.deepEqual(
        [...A.subtract(B)],
        a.filter((x) => !sb.has(x)),
      )
      assert.equal(A.count, a.length)
      assert.equal(A.first(), a[0])
      assert.equal(A.last(), a[a.length - 1])
      for (let k = 0; k < 20; k++) {
        const x = Math.floor(rnd() * limit)
        assert.equal(A.has(x), sa.has(x))
      }
      // results are canonical: they survive an encode/decode round trip unchanged
      for (const r of [A.union(B), A.intersect(B), A.subtract(B)]) assert.ok(BitField.fromBytes(r.toBytes()).equals(r))
      assert.deepEqual(BitField.fromJson(A.toJson()).toJson(), A.toJson())
    }
  })

  test('fromRanges merges; unionAll; take; slice; toArray with a limit', () => {
    const bf = BitField.fromRanges([
      [10, 12],
      [0, 3],
      [3, 5],
      [11, 20],
      [30, 30],
    ])
    assert.deepEqual(
      [...bf.ranges()],
      [
        [0, 5],
        [10, 20],
      ],
    )
    assert.equal(bf.rangeCount, 2)
    assert.deepEqual(bf.take(7), [0, 1, 2, 3, 4, 10, 11])
    assert.deepEqual([...bf.slice(3, 4)], [3, 4, 10, 11])
    assert.deepEqual([...bf.slice(5, 0)], [])
    assert.throws(() => bf.slice(10, 6), /past the 15 set bits/)
    assert.deepEqual(bf.toArray(15).length, 15)
    assert.throws(
      () => bf.toArray(14),
      (e: unknown) => e instanceof InvalidError && /15 bits set, over the limit of 14/.test(e.message),
    )
    const u = BitField.unionAll([BitField.fromSet([1]), BitField.fromSet([2]), BitField.fromSet([9])])
    assert.deepEqual([...u], [1, 2, 9])
    assert.ok(BitField.unionAll([]).isEmpty)
    assert.equal(bf.has(-1), false)
    assert.equal(bf.has(1.5), false)
    assert.equal(BitField.empty.first(), undefined)
    assert.equal(BitField.empty.last(), undefined)
  })

  test('bad construction input is an InvalidError', () => {
    assert.throws(() => BitField.fromSet([1, -2]), InvalidError)
    assert.throws(() => BitField.fromSet([0.5]), InvalidError)
    assert.throws(() => BitField.fromSet([2 ** 53]), InvalidError)
    assert.throws(() => BitField.fromRanges([[5, 4]]), /ends before it starts/)
  })
})
