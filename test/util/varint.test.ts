import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { decodeUvarint, encodeUvarint } from '../../src/util/varint.ts'

describe('uvarint', () => {
  it('encodes and decodes boundary values', () => {
    for (const [n, hex] of [
      [0n, '00'],
      [127n, '7f'],
      [128n, '8001'],
      [1024n, '8008'],
      [(1n << 63n) - 1n, 'ffffffffffffffff7f'],
    ] as const) {
      assert.equal(toHex(encodeUvarint(n)), hex)
      assert.deepEqual(decodeUvarint(fromHex(hex)), [n, hex.length / 2])
    }
  })
  it('rejects non-minimal, overlong and truncated forms', () => {
    assert.throws(() => decodeUvarint(fromHex('8000')), /not minimally encoded/)
    assert.throws(() => decodeUvarint(fromHex('ffffffffffffffffff01')), /longer than 9 bytes/)
    assert.throws(() => decodeUvarint(fromHex('80')), /truncated/)
  })
})
