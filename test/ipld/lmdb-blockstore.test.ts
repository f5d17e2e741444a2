import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { encodeWithCid } from '../../src/core/cid.ts'
import { getCbor, putCbor } from '../../src/ipld/blockstore.ts'
import { LmdbBlockstore } from '../../src/ipld/lmdb-blockstore.ts'
import { DecodeError } from '../../src/util/errors.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-lmdb-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('blocks survive close and reopen', async () => {
  const path = join(dir, 'reopen')
  const bs = LmdbBlockstore.open({ path })
  const cids = []
  for (let i = 0; i < 50; i++) cids.push(await putCbor(bs, ['block', i]))
  const many = [100, 101, 102].map((i) => encodeWithCid(['many', i]))
  await bs.putMany(many)
  await bs.put(many[0]!.cid, many[0]!.bytes) // a second put of the same block is harmless
  await bs.close()
  const again = LmdbBlockstore.open({ path })
  for (let i = 0; i < 50; i++) assert.deepEqual(await getCbor(again, cids[i]!), ['block', i])
  for (const b of many) assert.deepEqual(await again.get(b.cid), b.bytes)
  await again.delete(cids[0]!)
  assert.equal(await again.has(cids[0]!), false)
  assert.equal(await again.has(cids[1]!), true)
  await again.close()
})

test('verify mode rejects a block whose bytes do not match its CID', async () => {
  const path = join(dir, 'verify')
  const good = encodeWithCid(['good'])
  const bad = encodeWithCid(['bad'])
  const bs = LmdbBlockstore.open({ path })
  await bs.put(good.cid, good.bytes)
  await bs.put(bad.cid, good.bytes) // corrupt: stored under the wrong CID
  await bs.close()
  const trusting = LmdbBlockstore.open({ path })
  assert.deepEqual(await trusting.get(bad.cid), good.bytes)
  await trusting.close()
  const checking = LmdbBlockstore.open({ path, verify: true })
  assert.deepEqual(await checking.get(good.cid), good.bytes)
  await assert.rejects(checking.get(bad.cid), DecodeError)
  await checking.close()
})

test('a resolved put survives kill -9 of the writing process', async () => {
  const path = join(dir, 'killed')
  const seeds = ['1', '2', '3']
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'lmdb-put-then-wait.ts'), path, ...seeds],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('stored')) {
        child.kill('SIGKILL')
        resolve()
      }
    })
    child.on('exit', (code) => reject(new Error(`child exited (code ${code}) before storing`)))
  })
  assert.equal(await exited, 'SIGKILL')
  const bs = LmdbBlockstore.open({ path })
  for (const seed of seeds) {
    const { cid } = encodeWithCid(['kill-test', Number(seed)])
    assert.deepEqual(await getCbor(bs, cid), ['kill-test', Number(seed)])
  }
  await bs.close()
})
