import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeCbor, encodeCbor } from '../../src/core/cbor/index.ts'
import { cidOfBytes, parseCid } from '../../src/core/cid.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { DecodeError } from '../../src/util/errors.ts'

describe('DAG-CBOR codec', () => {
  it('encodes integers with minimal headers at every boundary', () => {
    const cases: [number | bigint, string][] = [
      [0, '00'],
      [23, '17'],
      [24, '1818'],
      [255, '18ff'],
      [256, '190100'],
      [65535, '19ffff'],
      [65536, '1a00010000'],
      [4294967295, '1affffffff'],
      [4294967296, '1b0000000100000000'],
      [(1n << 64n) - 1n, '1bffffffffffffffff'],
      [-1, '20'],
      [-25, '3818'],
      [-(1n << 64n), '3bffffffffffffffff'],
    ]
    for (const [n, hex] of cases) {
      assert.equal(toHex(encodeCbor(n)), hex, `encode ${n}`)
      const back = decodeCbor(fromHex(hex))
      assert.equal(BigInt(back as number), BigInt(n), `decode ${hex}`)
    }
  })

  it('returns a bigint only beyond the safe integer range', () => {
    assert.equal(typeof decodeCbor(fromHex('1b001fffffffffffff')), 'number')
    assert.equal(typeof decodeCbor(fromHex('1b0020000000000000')), 'bigint')
  })

  it('round-trips a CID through tag 42 with the 0x00 prefix', () => {
    const cid = parseCid('bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6')
    const bytes = encodeCbor([cid])
    assert.equal(toHex(bytes.subarray(0, 6)), '81d82a582700')
    assert.ok(parseCid(String(decodeCbor(bytes) && (decodeCbor(bytes) as unknown[])[0])).equals(cid))
  })

  it('sorts map keys length-first and rejects unsorted or duplicate keys', () => {
    assert.equal(toHex(encodeCbor({ version: 1, roots: [] })), 'a265726f6f7473806776657273696f6e01')
    assert.throws(() => decodeCbor(fromHex('a26776657273696f6e0165726f6f747380')), /canonical order/)
    assert.throws(() => decodeCbor(fromHex('a2616101616102')), /duplicate map key/)
  })

  it('hashes to the published empty AMT v0 CID', () => {
    assert.equal(
      cidOfBytes(encodeCbor([0, 0, [new Uint8Array([0]), [], []]])).toString(),
      'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6',
    )
  })

  const rejects: [string, string, RegExp][] = [
    ['non-minimal 1-byte int', '1817', /non-canonical integer header/],
    ['non-minimal 8-byte int', '1b00000000ffffffff', /non-canonical integer header/],
    ['indefinite array', '9f00ff', /indefinite-length/],
    ['float16', 'f93c00', /floating-point/],
    ['float64', 'fb3ff0000000000000', /floating-point/],
    ['undefined', 'f7', /simple value 23/],
    ['trailing bytes', '820001ff', /trailing bytes/],
    ['tag other than 42', 'c100', /tag 1 is not allowed/],
    ['CID without 0x00 prefix', 'd82a4401711220', /0x00 multibase prefix/],
    ['truncated byte string', '4401', /exceeds the input/],
    ['array longer than the input', '9affffffff', /exceeds the input/],
    ['invalid UTF-8', '62c328', /UTF-8/],
    ['non-string map key', 'a10101', /map key is not a text string/],
    ['empty input', '', /truncated/],
  ]
  for (const [name, hex, re] of rejects) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => decodeCbor(fromHex(hex)),
        (err: unknown) => err instanceof DecodeError && re.test(err.message),
      )
    })
  }

  it('rejects nesting deeper than the limit without overflowing the stack', () => {
    const deep = new Uint8Array(100_000).fill(0x81)
    assert.throws(() => decodeCbor(deep), /nesting deeper than/)
  })
})
