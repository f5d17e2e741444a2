import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { Fr32Padder, fr32Pad, fr32Unpad } from '../../src/proofs/fr32.ts'
import { checkPaddedSize, paddedSize, paddedSizeForPayload, unpaddedSize } from '../../src/proofs/piece-size.ts'
import { InvalidError } from '../../src/util/errors.ts'

test('fr32 pads 127 bytes into four 254-bit runs with the top two bits clear', () => {
  const ones = new Uint8Array(127).fill(0xff)
  const p = fr32Pad(ones)
  assert.equal(p.length, 128)
  for (const i of [31, 63, 95, 127]) assert.equal(p[i], 0x3f)
  assert.ok(p.subarray(0, 31).every((b) => b === 0xff))
  // the first bit of the second run is input bit 254 (byte 31, bit 6)
  const one = new Uint8Array(127)
  one[31] = 0x40
  const q = fr32Pad(one)
  assert.equal(q[32], 1)
  assert.equal(q[31], 0)
})

test('fr32 unpad inverts pad for random data of many sizes', () => {
  for (const quads of [1, 2, 3, 8, 33]) {
    const data = randomBytes(127 * quads)
    assert.deepEqual(fr32Unpad(fr32Pad(data)), new Uint8Array(data))
  }
})

test('streaming padder matches the whole-buffer padder for any chunking', () => {
  const data = randomBytes(127 * 9 + 50)
  const whole = fr32Pad(Uint8Array.from([...data, ...new Uint8Array(127 - 50)]))
  for (const step of [1, 7, 126, 127, 128, 500, 5000]) {
    const p = new Fr32Padder()
    const parts: number[] = []
    for (let i = 0; i < data.length; i += step) parts.push(...p.push(data.subarray(i, i + step)))
    parts.push(...p.end())
    assert.deepEqual(Uint8Array.from(parts), whole, `step ${step}`)
  }
})

test('fr32 rejects lengths that are not whole blocks', () => {
  assert.throws(() => fr32Pad(new Uint8Array(128)), /not a multiple of 127/)
  assert.throws(() => fr32Unpad(new Uint8Array(127)), /not a multiple of 128/)
})

test('piece sizes: padded, unpadded, payload rules and bad sizes', () => {
  assert.equal(unpaddedSize(2048), 2032)
  assert.equal(paddedSize(8323072), 8 << 20)
  assert.equal(paddedSizeForPayload(65), 128)
  assert.equal(paddedSizeForPayload(127), 128)
  assert.equal(paddedSizeForPayload(128), 256)
  assert.equal(paddedSizeForPayload(255), 512)
  assert.throws(
    () => paddedSizeForPayload(64),
    (e: Error) => e instanceof InvalidError && /below the minimum/.test(e.message),
  )
  assert.throws(() => checkPaddedSize(3000), /not a power of two/)
  assert.throws(() => checkPaddedSize(64), /below the minimum 128/)
  assert.throws(() => paddedSize(2000), /not 127·2\^k/)
  assert.throws(() => paddedSize(127 * 3), /not 127·2\^k/)
  assert.throws(() => unpaddedSize(Number.NaN), /not a power of two/)
})
