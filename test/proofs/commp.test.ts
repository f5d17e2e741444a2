import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CommPHasher, commP } from '../../src/proofs/commp.ts'
import { toHex } from '../../src/util/bytes.ts'
import { readJsonVector, readTextVector } from '../vectors.ts'
import { checkRandomLines } from './random-lines.ts'
import { kernelsUnderTest } from './kernels.ts'

function lines(text: string) {
  return text
    .trim()
    .split('\n')
    .map((l) => {
      const [size, padded, cid] = l.split(',')
      return { size: Number(size), padded: Number(padded), cid: cid! }
    })
}

for (const name of ['zero', '0xCC'] as const) {
  test(`commp/${name}.txt: every line, every kernel, odd chunking`, (t) => {
    const text = readTextVector(t, `commp/${name}.txt`)
    if (text === null) return
    const all = lines(text)
    assert.equal(all.length, 18)
    for (const k of kernelsUnderTest()) {
      for (const { size, padded, cid } of all) {
        const data = new Uint8Array(size).fill(name === 'zero' ? 0 : 0xcc)
        const h = new CommPHasher({ kernel: k, chunkPadded: 1024 })
        // 127, then a quarter, then the rest, like go-fil-commp-hashhash's read-size stress test
        h.update(data.subarray(0, 127)).update(data.subarray(127, 127 + (size >> 2)))
        h.update(data.subarray(127 + (size >> 2)))
        const r = h.digest()
        assert.equal(r.pieceCid.toString(), cid, `${k.name} ${size}`)
        assert.equal(r.paddedSize, padded)
        assert.equal(r.payloadSize, size)
      }
    }
  })
}

test('commp/random.txt up to 64 MiB (Go math/rand seed 1337), every kernel', (t) => {
  const text = readTextVector(t, 'commp/random.txt')
  if (text === null) return
  const limit = 64 << 20
  const wanted = lines(text).filter((l) => l.size <= limit)
  assert.ok(wanted.length >= 90)
  for (const k of kernelsUnderTest()) {
    // the TypeScript kernel is slower: it proves itself on the lines up to 16 MiB
    const cap = k.name === 'native' ? limit : 16 << 20
    const checked = checkRandomLines(
      wanted.filter((l) => l.size <= cap),
      k,
    )
    assert.equal(checked, wanted.filter((l) => l.size <= cap).length)
  }
})

test('proofs.json commp_examples and the piece CID v2 form', (t) => {
  const v = readJsonVector(t, 'proofs.json') as { commp_examples: Record<string, string> } | null
  if (v === null) return
  const ex = v.commp_examples
  const fill = (n: number, b: number) => new Uint8Array(n).fill(b)
  const q = new Uint8Array(508)
  for (let i = 0; i < 4; i++) q.fill(i, 127 * i, 127 * (i + 1))
  for (const k of kernelsUnderTest()) {
    assert.equal(commP(fill(127, 0), { kernel: k }).pieceCid.toString(), ex['zero x127 -> 128'])
    assert.equal(commP(fill(96, 0), { kernel: k }).pieceCid.toString(), ex['zero x96 -> 128'])
    assert.equal(commP(fill(127, 0xcc), { kernel: k }).pieceCid.toString(), ex['0xCC x127 -> 128'])
    assert.equal(commP(fill(1016, 0xcc), { kernel: k }).pieceCid.toString(), ex['0xCC x1016 -> 1024'])
    const r1017 = commP(fill(1017, 0xcc), { kernel: k })
    assert.equal(r1017.pieceCid.toString(), ex['0xCC x1017 -> 2048'])
    assert.equal(r1017.paddedSize, 2048)
    const r = commP(q, { kernel: k })
    assert.equal(r.pieceCid.toString(), ex['127x00|127x01|127x02|127x03 -> 512'])
    assert.equal(r.pieceCidV2.toString(), ex['same, PieceCIDv2 (payload 508)'])
    const padded = new Uint8Array(1016)
    padded.set(q)
    assert.equal(commP(padded, { kernel: k }).pieceCid.toString(), ex['same + 508 zero bytes -> 1024'])
  }
})

test('CommP asked for a larger piece zero-fills to it', () => {
  const data = new Uint8Array(127).fill(0xcc)
  const big = new CommPHasher().update(data).digest(1024)
  const explicit = commP(Uint8Array.from([...data, ...new Uint8Array(1016 - 127)]))
  assert.equal(toHex(big.commP), toHex(explicit.commP))
  assert.equal(big.paddedSize, 1024)
})

test('CommP bad input: short payloads, reuse, bad chunk and piece sizes', () => {
  assert.throws(() => commP(new Uint8Array(64)), /64 bytes is below the minimum of 65 bytes/)
  assert.throws(() => commP(new Uint8Array(0)), /below the minimum/)
  const h = new CommPHasher().update(new Uint8Array(100))
  h.digest()
  assert.throws(() => h.digest(), /digest called twice/)
  assert.throws(() => h.update(new Uint8Array(1)), /update after digest/)
  assert.throws(() => new CommPHasher({ chunkPadded: 1000 }), /not a power of two/)
  assert.throws(() => new CommPHasher().update(new Uint8Array(300)).digest(256), /exceeds a 256-byte piece/)
  assert.throws(() => new CommPHasher().update(new Uint8Array(100)).digest(100), /not a power of two/)
})
