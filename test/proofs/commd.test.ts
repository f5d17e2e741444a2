import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseCid } from '../../src/core/cid.ts'
import { commDFromPieces, pieceOffsets, requiredPadding } from '../../src/proofs/commd.ts'
import { commP } from '../../src/proofs/commp.ts'
import { cidToCommitment, commPToCid } from '../../src/proofs/piece-cid.ts'
import { UnsealedSectorWriter } from '../../src/proofs/unsealed.ts'
import { zeroComm, zeroCommForSize } from '../../src/proofs/zero-comm.ts'
import { toHex } from '../../src/util/bytes.ts'
import { readJsonVector } from '../vectors.ts'
import { kernelsUnderTest } from './kernels.ts'

const MiB = 1 << 20
const GiB = 1 << 30

test('zero commitments: proofs.json zero_comm_hex and the recurrence', (t) => {
  const v = readJsonVector(t, 'proofs.json') as { zero_comm_hex: Record<string, string> } | null
  if (v === null) return
  assert.equal(toHex(zeroCommForSize(128)), v.zero_comm_hex['128'])
  assert.equal(toHex(zeroCommForSize(2048)), v.zero_comm_hex['2048'])
  assert.deepEqual(zeroComm(0), new Uint8Array(32))
  assert.throws(() => zeroComm(40), /outside/)
  assert.throws(() => zeroCommForSize(100), /not 32·2\^k/)
})

test('empty 32GiB sector CommD (proofs.json)', (t) => {
  const v = readJsonVector(t, 'proofs.json') as { commp_examples: Record<string, string> } | null
  if (v === null) return
  for (const k of kernelsUnderTest())
    assert.equal(commPToCid(commDFromPieces([], 32 * GiB, k)).toString(), v.commp_examples['empty 32GiB sector CommD'])
})

test('go-commp-utils mainnet 32GiB sector: 10 deal pieces plus 8GiB and 16GiB zero pieces', () => {
  const deals: [string, number][] = [
    ['baga6ea4seaqknzm22isnhsxt2s4dnw45kfywmhenngqq3nc7jvecakoca6ksyhy', 256 * MiB],
    ['baga6ea4seaqnq6o5wuewdpviyoafno4rdpqnokz6ghvg2iyeyfbqxgcwdlj2egi', 1024 * MiB],
    ['baga6ea4seaqpixk4ifbkzato3huzycj6ty6gllqwanhdpsvxikawyl5bg2h44mq', 512 * MiB],
    ['baga6ea4seaqaxwe5dy6nt3ko5tngtmzvpqxqikw5mdwfjqgaxfwtzenc6bgzajq', 512 * MiB],
    ['baga6ea4seaqpy33nbesa4d6ot2ygeuy43y4t7amc4izt52mlotqenwcmn2kyaai', 1024 * MiB],
    ['baga6ea4seaqphvv4x2s2v7ykgc3ugs2kkltbdeg7icxstklkrgqvv72m2v3i2aa', 256 * MiB],
    ['baga6ea4seaqf5u55znk6jwhdsrhe37emzhmehiyvjxpsww274f6fiy3h4yctady', 512 * MiB],
    ['baga6ea4seaqa3qbabsbmvk5er6rhsjzt74beplzgulthamm22jue4zgqcuszofi', 1024 * MiB],
    ['baga6ea4seaqiekvf623muj6jpxg6vsqaikyw3r4ob5u7363z7zcaixqvfqsc2ji', 256 * MiB],
    ['baga6ea4seaqhsewv65z2d4m5o4vo65vl5o6z4bcegdvgnusvlt7rao44gro36pi', 512 * MiB],
  ]
  const pieces = deals.map(([cid, size]) => ({ size, commP: cidToCommitment(parseCid(cid)) }))
  pieces.push({ size: 8 * GiB, commP: zeroCommForSize(8 * GiB) }, { size: 16 * GiB, commP: zeroCommForSize(16 * GiB) })
  const want = 'baga6ea4seaqiw3gbmstmexb7sqwkc5r23o3i7zcyx5kr76pfobpykes3af62kca'
  assert.equal(commPToCid(commDFromPieces(pieces, 32 * GiB)).toString(), want)
  // the trailing zero pieces are what the alignment fill adds anyway
  assert.equal(commPToCid(commDFromPieces(pieces.slice(0, 10), 32 * GiB)).toString(), want)
})

test('alignment: padding pieces smallest first, offsets aligned to each piece', () => {
  assert.deepEqual(requiredPadding(0, 1024), [])
  assert.deepEqual(requiredPadding(128, 1024), [128, 256, 512])
  assert.deepEqual(requiredPadding(256, 2048), [256, 512, 1024])
  assert.deepEqual(pieceOffsets([128, 512, 256, 1024]), [0, 512, 1024, 2048])
})

test('CommD bad input names the problem', () => {
  const z = zeroCommForSize(1024)
  assert.throws(() => commDFromPieces([{ size: 4096, commP: z }], 2048), /does not fit a 2048-byte sector/)
  assert.throws(
    () =>
      commDFromPieces(
        [
          { size: 1024, commP: z },
          { size: 2048, commP: z },
        ],
        2048,
      ),
    /piece 1 \(2048 B at offset 2048\)/,
  )
  assert.throws(() => commDFromPieces([{ size: 1000, commP: z }], 2048), /piece 0: padded piece size 1000/)
  assert.throws(() => commDFromPieces([{ size: 1024, commP: new Uint8Array(31) }], 2048), /piece 0: CommP is 31 bytes/)
  assert.throws(() => commDFromPieces([], 3000), /not a power of two/)
})

test('unsealed sector file: CommD from pieces equals the tree over the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-unsealed-'))
  try {
    const path = join(dir, 's-t01000-1')
    const w = await UnsealedSectorWriter.create(path, 8192)
    const a = new Uint8Array(127).fill(0xcc)
    const b = new Uint8Array(900).map((_, i) => i)
    const pa = await w.addPiece(127, a)
    async function* chunks() {
      yield b.subarray(0, 300)
      yield b.subarray(300)
    }
    const pb = await w.addPiece(2032, chunks())
    assert.equal(pa.offset, 0)
    assert.equal(pb.offset, 2048)
    assert.equal(pa.pieceCid.toString(), commP(a).pieceCid.toString())
    const bFull = new Uint8Array(2032)
    bFull.set(b)
    assert.equal(pb.pieceCid.toString(), commP(bFull).pieceCid.toString())
    await assert.rejects(w.addPiece(2032, new Uint8Array(2033)), /exceeds its 2032-byte size/)
    const { commD } = await w.finish()
    const file = new Uint8Array(readFileSync(path))
    assert.equal(file.length, 8192)
    for (const k of kernelsUnderTest()) {
      const buf = file.slice()
      k.treeRoot(buf, 0, 8192 / 32)
      assert.equal(toHex(buf.subarray(0, 32)), toHex(commD), k.name)
    }
    const full = await UnsealedSectorWriter.create(join(dir, 'x'), 2048)
    await full.addPiece(1016, new Uint8Array(10))
    await assert.rejects(full.addPiece(2032, new Uint8Array(10)), /does not fit a 2048-byte sector/)
    await full.finish()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('unsealed writer: I/O failures are storage errors naming the file', async () => {
  await assert.rejects(
    UnsealedSectorWriter.create('/nonexistent-dir/s-t01000-1', 2048),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ERR_STORAGE')
      assert.match(e.message, /nonexistent-dir\/s-t01000-1/)
      return true
    },
  )
  await assert.rejects(UnsealedSectorWriter.create('/tmp/x', 1000), /not a power of two/)
})
