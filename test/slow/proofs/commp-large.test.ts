/** Slow (npm run test:slow): random.txt lines past 64 MiB, and a 1 GiB file in constant memory. */
import assert from 'node:assert/strict'
import { closeSync, mkdtempSync, openSync, rmSync, ftruncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { commPFileHere } from '../../../src/proofs/commp-file.ts'
import { kernel } from '../../../src/proofs/kernel/select.ts'
import { zeroCommForSize } from '../../../src/proofs/zero-comm.ts'
import { readTextVector } from '../../vectors.ts'
import { checkRandomLines } from '../../proofs/random-lines.ts'

const slow = !process.env.LOTUS_TS_SLOW

test('commp/random.txt: every line (up to 32 GiB, one pass over the stream)', {
  skip: slow && 'set LOTUS_TS_SLOW=1',
}, (t) => {
  const text = readTextVector(t, 'commp/random.txt')
  if (text === null) return
  const lines = text
    .trim()
    .split('\n')
    .map((l) => {
      const [size, padded, cid] = l.split(',')
      return { size: Number(size), padded: Number(padded), cid: cid! }
    })
  assert.equal(checkRandomLines(lines, kernel()), lines.length)
})

test('CommP of a 1 GiB file grows resident memory by less than 64 MiB', {
  skip: slow && 'set LOTUS_TS_SLOW=1',
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-commp-1g-'))
  try {
    const path = join(dir, 'zeros.bin')
    const fd = openSync(path, 'w')
    ftruncateSync(fd, 1 << 30) // sparse: reads as zeros
    closeSync(fd)
    const before = process.memoryUsage.rss()
    let peak = before
    const r = await commPFileHere(path, { onProgress: () => (peak = Math.max(peak, process.memoryUsage.rss())) })
    assert.ok(peak - before < 64 << 20, `RSS grew by ${((peak - before) / 2 ** 20).toFixed(1)} MiB`)
    assert.equal(r.paddedSize, 2 ** 31)
    assert.deepEqual(r.commP, zeroCommForSize(2 ** 31))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
