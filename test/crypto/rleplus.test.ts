import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeRanges, encodeRanges, MAX_ENCODED_SIZE } from '../../src/crypto/rleplus.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { DecodeError } from '../../src/util/errors.ts'
import { GOLDEN_RLE_HEX } from './rleplus-golden.ts'

/** Packs bits least-significant first, zero-padding the last byte and keeping it (ref-fvm `finish_test`). */
function pack(bits: readonly number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8))
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 1 << (i & 7)
  })
  return out
}

/** Flat ranges of a list of bit values (1 = set). */
function rangesOfBits(bits: readonly number[]): number[] {
  const out: number[] = []
  bits.forEach((b, i) => {
    if (!b) return
    const n = out.length
    if (n > 0 && out[n - 1] === i) out[n - 1] = i + 1
    else out.push(i, i + 1)
  })
  return out
}

/** A naive RLE+ encoder written from the grammar alone: bit lists, then packing. */
function naiveEncode(sorted: readonly number[]): Uint8Array {
  if (sorted.length === 0) return new Uint8Array(0)
  const max = sorted[sorted.length - 1]!
  const set = new Set(sorted)
  const runs: number[] = []
  let cur = set.has(0)
  let len = 0
  for (let i = 0; i <= max; i++) {
    if (set.has(i) === cur) len++
    else {
      runs.push(len)
      cur = !cur
      len = 1
    }
  }
  runs.push(len)
  const bits = [0, 0, set.has(0) ? 1 : 0]
  for (const r of runs) {
    if (r === 1) bits.push(1)
    else if (r < 16) bits.push(0, 1, r & 1, (r >> 1) & 1, (r >> 2) & 1, (r >> 3) & 1)
    else {
      bits.push(0, 0)
      let n = r
      do {
        let byte = n & 0x7f
        n = Math.floor(n / 128)
        if (n > 0) byte |= 0x80
        for (let k = 0; k < 8; k++) bits.push((byte >> k) & 1)
      } while (n > 0)
    }
  }
  const bytes = pack(bits)
  let end = bytes.length
  while (end > 0 && bytes[end - 1] === 0) end--
  return bytes.subarray(0, end)
}

/** A naive lenient decoder, bit by bit, for cross-checking the golden bytes. */
function naiveDecode(bytes: Uint8Array): number[] {
  const bit = (i: number) => ((bytes[i >> 3] ?? 0) >> (i & 7)) & 1
  const total = bytes.length * 8
  let pos = 3
  let val = bit(2)
  let at = 0
  const out: number[] = []
  while (pos < total) {
    let len: number
    if (bit(pos)) {
      len = 1
      pos += 1
    } else if (bit(pos + 1)) {
      len = bit(pos + 2) | (bit(pos + 3) << 1) | (bit(pos + 4) << 2) | (bit(pos + 5) << 3)
      pos += 6
    } else {
      pos += 2
      len = 0
      for (let scale = 1; ; scale *= 128) {
        let byte = 0
        for (let k = 0; k < 8; k++) byte |= bit(pos + k) << k
        pos += 8
        len += (byte & 0x7f) * scale
        if (!(byte & 0x80)) break
      }
    }
    if (len === 0) break
    for (let i = 0; i < len; i++) if (val) out.push(at + i)
    at += len
    val ^= 1
  }
  return out
}

function expand(ranges: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 0; i < ranges.length; i += 2) for (let b = ranges[i]!; b < ranges[i + 1]!; b++) out.push(b)
  return out
}

/** Seeded PRNG (mulberry32) so the property tests are reproducible. */
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

function rejects(bytes: Uint8Array, re: RegExp): void {
  assert.throws(
    () => decodeRanges(bytes),
    (err: unknown) => {
      assert.ok(err instanceof DecodeError, `expected DecodeError, got ${String(err)}`)
      assert.match(err.message, re)
      return true
    },
  )
}

describe('go-bitfield vectors', () => {
  test('TestDecode: the Rust reference encoding [124, 71, 34, 2]', () => {
    const set = [0, 2, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]
    const ranges = [0, 1, 2, 3, 4, 7, 11, 28]
    assert.deepEqual([...encodeRanges(ranges)], [124, 71, 34, 2])
    assert.deepEqual(expand(decodeRanges(Uint8Array.from([124, 71, 34, 2]))), set)
  })

  test('goldenRLE decodes to what a naive decoder reads, and re-encodes byte-identically', () => {
    const golden = fromHex(GOLDEN_RLE_HEX)
    assert.equal(golden.length, 2062)
    const ranges = decodeRanges(golden)
    const bits = expand(ranges)
    assert.deepEqual(bits, naiveDecode(golden))
    assert.ok(bits.length > 9000 && bits.length <= 10000, `${bits.length} bits`)
    assert.ok(bits[bits.length - 1]! < 1 << 20)
    assert.equal(toHex(encodeRanges(ranges)), GOLDEN_RLE_HEX)
  })
})

describe('ref-fvm reader and writer cases', () => {
  test('writer: run lengths 1, 2, 11, 15, 147 as blocks', () => {
    // The block stream of ref-fvm's write_len test, behind a header (version 00, first bit 1):
    // runs 1, 2, 11, 15, 147 alternate ones and zeros and end on ones.
    const bytes = encodeRanges([0, 1, 3, 14, 29, 176])
    const bits = [0, 0, 1, ...[1], ...[0, 1, 0, 1, 0, 0], ...[0, 1, 1, 1, 0, 1], ...[0, 1, 1, 1, 1, 1]]
    const varint = [147 | 0x80, 1]
    bits.push(0, 0)
    for (const b of varint) for (let k = 0; k < 8; k++) bits.push((b >> k) & 1)
    assert.deepEqual([...bytes], [...pack(bits)])
  })

  const ok: [string, number[], number[]][] = [
    ['empty', [], []],
    ['8 ones (4-bit block)', [0, 0, 1, 0, 1, 0, 0, 0, 1], [0, 8]],
    ['4 ones, 1 zero, 3 ones', [0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0], [0, 4, 5, 8]],
    ['25 ones (varint block)', [0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0], [0, 25]],
    ['17 ones, zero padding inside the last byte', [0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], [0, 17]],
  ]
  for (const [name, bits, ranges] of ok) {
    test(`decodes: ${name}`, () => {
      assert.deepEqual(decodeRanges(pack(bits)), ranges)
      assert.deepEqual(encodeRanges(ranges), pack(bits).subarray(0, encodeRanges(ranges).length))
    })
  }

  const bad: [string, number[], RegExp][] = [
    ['wrong version', [1, 0, 1, 0, 1, 0, 0, 0, 1], /unsupported version 1/],
    ['trailing garbage after a 0-length 4-bit block', [0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1], /length 0 in a 4-bit block/],
    [
      'trailing garbage after a 0-length varint block',
      [0, 0, 1, 1, 0, 0, ...[0, 0, 0, 0, 0, 0, 0, 0], 1],
      /length 0 in a varint block/,
    ],
    ['last byte zero', [0, 0, 1, 0, 1, 1, 0, 1, ...[0, 0, 0, 0, 0, 0, 0, 0]], /trailing zero byte/],
    [
      'varint not minimally encoded',
      [0, 0, 1, 0, 0, ...[1, 1, 0, 0, 0, 0, 0, 1], ...[0, 0, 0, 0, 0, 0, 0, 0], 1, 1, 1],
      /varint is not minimally encoded/,
    ],
    ['long block for a run of 3', [0, 0, 1, 0, 0, ...[1, 1, 0, 0, 0, 0, 0, 0], 1, 1, 1], /length 3 in a varint block/],
    ['long block for a run of 1', [0, 0, 1, 0, 0, ...[1, 0, 0, 0, 0, 0, 0, 0], 1, 1, 1], /length 1 in a varint block/],
    ['short block for a run of 1', [0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1], /length 1 in a 4-bit block/],
    ['trailing run of zeros (single)', [0, 0, 0, 1], /ends with a run of zeros/],
    ['trailing run of zeros (short)', [0, 0, 0, 0, 1, 0, 0, 1, 0], /not minimally encoded/],
    ['ones then trailing zero', [0, 0, 1, 0, 1, 0, 0, 1, 0, 1], /ends with a run of zeros/],
    ['ones then two trailing zeros', [0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0], /ends with a run of zeros/],
    ['header without runs', [0, 0, 1], /header without runs/],
  ]
  for (const [name, bits, re] of bad) test(`rejects: ${name}`, () => rejects(pack(bits), re))

  test('rejects: varint over 64 bits, too long, and sizes past 2^53', () => {
    // 9 continuation bytes then a 10th byte of 2: over 64 bits
    const over = [0, 0, 1, 0, 0]
    for (let i = 0; i < 9; i++) over.push(1, 1, 1, 1, 1, 1, 1, 1)
    over.push(0, 1, 0, 0, 0, 0, 0, 0, 1)
    rejects(pack(over), /overflows 64 bits/)
    // 11 bytes with the continuation bit set
    const long = [0, 0, 1, 0, 0]
    for (let i = 0; i < 11; i++) long.push(1, 1, 1, 1, 1, 1, 1, 1)
    rejects(pack(long), /longer than 10 bytes/)
    // 0..u64::MAX is valid Filecoin, but past what this implementation represents: refused by name
    const max64 = [0, 0, 0, 0, 0]
    for (let i = 0; i < 9; i++) max64.push(1, 1, 1, 1, 1, 1, 1, 1)
    max64.push(1, 0, 0, 0, 0, 0, 0, 0, 1)
    rejects(pack(max64), /2\^53/)
    // ref-fvm iter_last: 2^64 - 2 set bits
    rejects(Uint8Array.from([0xe4, ...Array(8).fill(0xff), 0x2f, ...Array(8).fill(0xff), 0x7f]), /2\^53/)
    // two runs that together pass 2^53 - 1
    const big = encodeRanges([2 ** 52, 2 ** 52 + 1])
    assert.deepEqual(decodeRanges(big), [2 ** 52, 2 ** 52 + 1])
    const huge = encodeRanges([0, 2 ** 52, 2 ** 53 - 2, 2 ** 53 - 1])
    assert.deepEqual(decodeRanges(huge), [0, 2 ** 52, 2 ** 53 - 2, 2 ** 53 - 1])
  })

  test('rejects encodings over 32 KiB, accepts up to it', () => {
    rejects(new Uint8Array(MAX_ENCODED_SIZE + 1).fill(0xff), /over the 32768-byte limit/)
    // alternating single bits: each run is one '1' bit, so 32 KiB holds about 262k runs
    const ranges: number[] = []
    for (let i = 0; i < 130000; i++) ranges.push(2 * i, 2 * i + 1)
    const bytes = encodeRanges(ranges)
    assert.ok(bytes.length <= MAX_ENCODED_SIZE)
    assert.deepEqual(decodeRanges(bytes), ranges)
  })

  test('no input crashes: random bytes decode or throw DecodeError', () => {
    const rnd = prng(7)
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 256))
      try {
        const r = decodeRanges(bytes)
        // whatever decodes is canonical: it re-encodes to the same bytes
        assert.deepEqual(encodeRanges(r), bytes)
      } catch (err) {
        assert.ok(err instanceof DecodeError, String(err))
      }
    }
  })
})

test('random sets round-trip and match the naive encoder byte for byte', () => {
  const rnd = prng(20260101)
  for (let iter = 0; iter < 300; iter++) {
    const size = Math.floor(rnd() * 2000)
    const density = rnd()
    const runny = rnd() < 0.5
    const bits: number[] = []
    let on = rnd() < 0.5
    for (let i = 0; i < size; i++) {
      if (runny ? rnd() < 0.05 : true) on = runny ? !on : rnd() < density
      bits.push(on ? 1 : 0)
    }
    const ranges = rangesOfBits(bits)
    const bytes = encodeRanges(ranges)
    assert.deepEqual(bytes, naiveEncode(expand(ranges)), `iteration ${iter}`)
    assert.deepEqual(decodeRanges(bytes), ranges, `iteration ${iter}`)
  }
})
