import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { kernel } from '../../src/proofs/kernel/select.ts'
import { hashMessageTs } from '../../src/proofs/kernel/sha256-ts.ts'
import { feistelHash } from '../../src/proofs/sdr/blake2b-16.ts'
import { toHex } from '../../src/util/bytes.ts'
import { kernelsUnderTest } from './kernels.ts'

function trunc254(data: Uint8Array): string {
  const d = createHash('sha256').update(data).digest()
  d[31]! &= 0x3f
  return toHex(d)
}

test('under CI the native kernel is built and selected', () => {
  const ks = kernelsUnderTest()
  if (process.env.CI) assert.equal(ks[0]!.name, 'native')
  assert.ok(ks.some((k) => k.name === 'ts'))
  assert.ok(['native', 'ts'].includes(kernel().name))
})

test('hashNode and treeRoot equal OpenSSL SHA-256 trunc254 on random data, every kernel', () => {
  for (const k of kernelsUnderTest()) {
    for (let i = 0; i < 20; i++) {
      const src = randomBytes(64)
      const out = new Uint8Array(32)
      k.hashNode(src, 0, out, 0)
      assert.equal(toHex(out), trunc254(src), k.name)
    }
    const leaves = randomBytes(32 * 8)
    const l = Array.from({ length: 8 }, (_, i) => leaves.subarray(32 * i, 32 * i + 32))
    const h = (a: Uint8Array, b: Uint8Array) => Buffer.from(trunc254(Buffer.concat([a, b])), 'hex')
    const want = h(h(h(l[0]!, l[1]!), h(l[2]!, l[3]!)), h(h(l[4]!, l[5]!), h(l[6]!, l[7]!)))
    const buf = new Uint8Array(leaves)
    k.treeRoot(buf, 0, 8)
    assert.equal(toHex(buf.subarray(0, 32)), toHex(want), k.name)
  }
})

test('the TypeScript SHA-256 handles every message length across block boundaries', () => {
  for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1248]) {
    const msg = new Uint8Array(len + 80)
    msg.set(randomBytes(len))
    const want = trunc254(msg.subarray(0, len))
    const out = new Uint8Array(32)
    hashMessageTs(msg, len, out, 0)
    assert.equal(toHex(out), want, `len ${len}`)
  }
})

test('BLAKE2b-512 round function equals node:crypto blake2b512', () => {
  for (const [a, hi, lo] of [
    [0, 0, 0],
    [12345, 0xdeadbeef, 0x01020304],
    [0xffffffff, 0xffffffff, 0xffffffff],
  ] as const) {
    const m = new Uint8Array(16)
    const dv = new DataView(m.buffer)
    dv.setUint32(4, a)
    dv.setUint32(8, hi)
    dv.setUint32(12, lo)
    const d = createHash('blake2b512').update(m).digest()
    assert.equal(feistelHash(a, hi, lo), d.readUInt32BE(4))
  }
})

test('native kernel rejects out-of-range arguments with a typed error instead of crashing', () => {
  const k = kernelsUnderTest().find((x) => x.name === 'native')
  if (!k) return
  assert.throws(() => k.hashNode(new Uint8Array(63), 0, new Uint8Array(32), 0), /offset out of range/)
  assert.throws(() => k.treeRoot(new Uint8Array(64), 0, 4), /out of bounds/)
  assert.throws(() => k.padTreeRoot(new Uint8Array(127), 0, 2, new Uint8Array(256), 8), /out of bounds/)
  assert.throws(
    () =>
      k.labelLayer({
        parents: new Uint32Array(14),
        replicaId: new Uint8Array(32),
        layer: 1,
        current: new Uint8Array(64),
        previous: null,
        start: 0,
        end: 2,
      }),
    /sizes do not match/,
  )
})
