import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { commP } from '../../src/proofs/commp.ts'
import { commPFileHere } from '../../src/proofs/commp-file.ts'
import { ProofsWorkerPool } from '../../src/proofs/worker/pool.ts'
import { commPFile, commPFileParallel, preCommit1Async } from '../../src/proofs/worker/run.ts'

test('commPFile runs in a worker thread and matches the in-memory CommP; progress reaches 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-commp-'))
  try {
    const data = new Uint8Array(3 << 20).map((_, i) => (i * 7) & 0xff)
    const path = join(dir, 'payload.bin')
    writeFileSync(path, data)
    const progress: number[] = []
    const r = await commPFile(path, { onProgress: (f) => progress.push(f) })
    const want = commP(data)
    assert.equal(r.pieceCid.toString(), want.pieceCid.toString())
    assert.equal(r.pieceCidV2.toString(), want.pieceCidV2.toString())
    assert.equal(r.pieceSize, 4 << 20)
    assert.equal(r.payloadSize, 3 << 20)
    assert.equal(progress.at(-1), 1)
    const here = await commPFileHere(path, { chunk: 100_000 })
    assert.equal(here.pieceCid.toString(), want.pieceCid.toString())
    await assert.rejects(commPFile(join(dir, 'missing')), /cannot open/)
    writeFileSync(join(dir, 'tiny'), new Uint8Array(10))
    await assert.rejects(commPFile(join(dir, 'tiny')), /10 bytes is below the minimum of 65 bytes/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('commPFileParallel splits one file over worker threads and agrees with the single-thread CommP', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-commp-'))
  try {
    for (const [size, workers] of [
      [1000, 4],
      [(5 << 20) + 3, 2],
    ] as const) {
      const data = new Uint8Array(size).map((_, i) => (i * 13 + 1) & 0xff)
      const path = join(dir, `p${size}`)
      writeFileSync(path, data)
      const want = commP(data)
      const r = await commPFileParallel(path, { workers })
      assert.equal(r.pieceCid.toString(), want.pieceCid.toString(), `${size} on ${workers}`)
      assert.equal(r.pieceSize, want.paddedSize)
    }
    await assert.rejects(commPFileParallel(join(dir, 'p1000'), { workers: 3 }), /3 workers is not a power of two/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('CommP agrees with @web3-storage/data-segment (FRC-0069 multihash) on random data', async () => {
  const { digest } = await import('@web3-storage/data-segment/multihash')
  for (const size of [65, 127, 128, 4000, 1 << 20]) {
    const data = new Uint8Array(size).map(() => Math.floor(Math.random() * 256))
    assert.deepEqual(commP(data).pieceCidV2.multihash.bytes, digest(data).bytes, `size ${size}`)
  }
})

test('a worker pool reuses its threads, queues jobs, survives an abort and closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-pool-'))
  const pool = new ProofsWorkerPool({ size: 2 })
  try {
    const data = new Uint8Array(300_000).map((_, i) => i & 0xff)
    const path = join(dir, 'p.bin')
    writeFileSync(path, data)
    const want = commP(data).pieceCid.toString()
    const results = await Promise.all([1, 2, 3].map(() => commPFile(path, { pool })))
    for (const r of results) assert.equal(r.pieceCid.toString(), want)
    const par = await commPFileParallel(path, { pool, workers: 2 })
    assert.equal(par.pieceCid.toString(), want)
    const ac = new AbortController()
    const slow = preCommit1Async(
      {
        proof: 6,
        proverId: new Uint8Array(32),
        sectorNumber: 1,
        ticket: new Uint8Array(32),
        commD: new Uint8Array(32),
        parentsDir: join(dir, 'parents'),
      },
      { pool, signal: ac.signal },
    )
    setTimeout(() => ac.abort(), 50)
    await assert.rejects(slow, /abort/i)
    assert.equal((await commPFile(path, { pool })).pieceCid.toString(), want)
    await assert.rejects(commPFile(join(dir, 'nope'), { pool }), /cannot open/)
  } finally {
    await pool.close()
    rmSync(dir, { recursive: true, force: true })
  }
  await assert.rejects(pool.run('commPFile', { path: 'x' }), /closed/)
  assert.throws(() => new ProofsWorkerPool({ size: 0 }), /outside \[1, 256\]/)
})
