import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { BIGINT_MAX_SERIALIZED_LEN, BigIntCodec, bigintFromBytes, bigintToBytes } from '../../src/core/bigint.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'

test('big int bytes: sign byte + big-endian magnitude, zero is empty', () => {
  const cases: [bigint, string][] = [
    [0n, ''],
    [1n, '0001'],
    [-1n, '0101'],
    [255n, '00ff'],
    [256n, '000100'],
    [-87500000n, '01053724e0'],
    [3840n, '000f00'],
  ]
  for (const [n, hex] of cases) {
    assert.equal(toHex(bigintToBytes(n)), hex, `${n}`)
    assert.equal(bigintFromBytes(fromHex(hex)), n)
    assert.equal(decode(BigIntCodec, encode(BigIntCodec, n)), n)
  }
  assert.equal(toHex(encode(BigIntCodec, 0n)), '40')
})

test('big int JSON is a decimal string', () => {
  assert.equal(BigIntCodec.toJson(-12345678901234567890n), '-12345678901234567890')
  assert.equal(BigIntCodec.fromJson('87500000'), 87500000n)
  assert.equal(BigIntCodec.fromJson('+5'), 5n)
  assert.throws(
    () => BigIntCodec.fromJson('1e3', 'Value'),
    (e: unknown) => e instanceof DecodeError && /^Value: .*not a decimal integer/.test(e.message),
  )
  assert.throws(
    () => BigIntCodec.fromJson(5, 'Value'),
    (e: unknown) => e instanceof DecodeError && /Value: expected a decimal string, got number/.test(e.message),
  )
})

test('big int decoding rejects non-canonical and over-long forms', () => {
  const bad: [string, RegExp][] = [
    ['0000ff', /leading zero byte/],
    ['02ff', /sign byte must be 0 or 1, got 2/],
    ['01', /no magnitude \(negative zero\)/],
    ['00', /no magnitude \(zero\)/],
  ]
  for (const [hex, re] of bad)
    assert.throws(
      () => BigIntCodec.fromCbor(fromHex(hex), 'X.Value'),
      (e: unknown) => e instanceof DecodeError && /^X\.Value: /.test(e.message) && re.test(e.message),
      hex,
    )
  const long = new Uint8Array(BIGINT_MAX_SERIALIZED_LEN + 1).fill(1)
  long[0] = 0
  assert.throws(
    () => decode(BigIntCodec, encodeCbor(long)),
    (e: unknown) => e instanceof DecodeError && /129 bytes exceeds the 128-byte limit/.test(e.message),
  )
  const max = new Uint8Array(BIGINT_MAX_SERIALIZED_LEN).fill(0xff)
  max[0] = 0
  const n = bigintFromBytes(max)
  assert.equal(toHex(bigintToBytes(n)), toHex(max))
  assert.throws(() => bigintToBytes(n * 256n), InvalidError)
  assert.throws(() => BigIntCodec.fromJson((n * 256n).toString()), /exceeds the 128-byte limit/)
  assert.throws(() => BigIntCodec.fromCbor(5, 'Value'), /Value: expected bytes, got number/)
})
