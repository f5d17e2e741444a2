import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { after, test } from 'node:test'
import { tarDirectory, tarHeader, untarDirectory } from '../../../src/worker/paths/tar.ts'
import { DecodeError } from '../../../src/util/errors.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-tar-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function tarBytes(src: string): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  await tarDirectory(src, out)
  out.end()
  return Buffer.concat(chunks)
}

test('a cache directory survives tar and untar', async () => {
  const src = join(dir, 'src')
  mkdirSync(src)
  writeFileSync(join(src, 'p_aux'), Buffer.alloc(64, 1))
  writeFileSync(join(src, 't_aux'), Buffer.alloc(0))
  writeFileSync(join(src, 'sc-02-data-tree-r-last.dat'), Buffer.from('x'.repeat(1000)))
  const bytes = await tarBytes(src)
  assert.equal(bytes.length % 512, 0)
  const dst = join(dir, 'dst')
  mkdirSync(dst)
  // feed it in awkward chunk sizes
  const parts: Buffer[] = []
  for (let i = 0; i < bytes.length; i += 333) parts.push(bytes.subarray(i, i + 333))
  await untarDirectory(Readable.from(parts), dst)
  assert.deepEqual(readdirSync(dst).sort(), readdirSync(src).sort())
  for (const n of readdirSync(src)) assert.deepEqual(readFileSync(join(dst, n)), readFileSync(join(src, n)))
})

test('truncated streams, nested names and links are refused', async () => {
  const src = join(dir, 'src2')
  mkdirSync(src)
  writeFileSync(join(src, 'a'), Buffer.alloc(2000, 7))
  const bytes = await tarBytes(src)
  const cut = join(dir, 'cut')
  mkdirSync(cut)
  await assert.rejects(untarDirectory(Readable.from([bytes.subarray(0, 1200)]), cut), DecodeError)
  const evil = Buffer.concat([tarHeader('../x', 1, 0o644, 0), Buffer.alloc(512), Buffer.alloc(1024)])
  const d2 = join(dir, 'evil')
  mkdirSync(d2)
  await assert.rejects(untarDirectory(Readable.from([evil]), d2), /invalid entry name/)
  const link = Buffer.from(tarHeader('l', 0, 0o644, 0))
  link[156] = '2'.charCodeAt(0)
  await assert.rejects(untarDirectory(Readable.from([Buffer.concat([link, Buffer.alloc(1024)])]), d2), /not a regular/)
  await assert.rejects(untarDirectory(Readable.from([Buffer.alloc(100)]), d2), /ended early/)
})
