import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fetchSector, fetchToPath, moveFromRemote } from '../../../src/worker/paths/fetch.ts'
import { FT, sectorPath } from '../../../src/worker/paths/filetypes.ts'
import { parseRange, REMOTE_PREFIX, remoteHandler } from '../../../src/worker/paths/http-handler.ts'
import { LocalStore } from '../../../src/worker/paths/local.ts'
import { newMeta, writeMeta } from '../../../src/worker/paths/meta.ts'
import { SectorIndex } from '../../../src/worker/paths/sector-index.ts'
import { StorageConfigFile } from '../../../src/worker/paths/storage-config.ts'

const root = mkdtempSync(join(tmpdir(), 'lotus-ts-paths-'))
const servers: Server[] = []
after(() => {
  for (const s of servers) s.close()
  rmSync(root, { recursive: true, force: true })
})

const ADMIN = 'admin-token'
const verify = async (t: string) => {
  if (t === ADMIN) return ['read', 'write', 'sign', 'admin']
  if (t === 'read-token') return ['read']
  throw new Error('invalid token')
}

function store(name: string, url = 'http://unused/remote') {
  const repo = join(root, name)
  mkdirSync(repo)
  const index = new SectorIndex()
  const local = new LocalStore({ index, config: new StorageConfigFile(repo), urls: () => [url] })
  return { repo, index, local }
}

function newPath(name: string, opts: Parameters<typeof newMeta>[0]): string {
  const p = join(root, name)
  mkdirSync(p)
  writeMeta(p, newMeta(opts))
  return p
}

const s7 = { Miner: 1000, Number: 7 }

test('allocate, declare and finalize-move a sector from a seal path to a store path', () => {
  const { repo, index, local } = store('mv')
  const seal = newPath('mv-seal', { CanSeal: true, AllowTo: ['long'] })
  const other = newPath('mv-other', { CanStore: true, Groups: ['short'], Weight: 100 })
  const keep = newPath('mv-store', { CanStore: true, Groups: ['long'] })
  for (const p of [seal, other, keep]) local.add(p)
  assert.equal(JSON.parse(readFileSync(join(repo, 'storage.json'), 'utf8')).StoragePaths.length, 3)
  assert.throws(() => local.add(seal), /already attached/)

  const a = local.allocate(s7, FT.sealed | FT.cache, 2048, 'sealing')
  assert.equal(local.root(a.storageId), seal)
  writeFileSync(a.files.sealed!, randomBytes(2048))
  mkdirSync(a.files.cache!)
  writeFileSync(join(a.files.cache!, 'p_aux'), 'aux')
  local.declare(a.storageId, s7, FT.sealed | FT.cache)
  a.release()

  const dest = local.moveStorage(s7, FT.sealed | FT.cache, 2048)
  assert.equal(local.root(dest), keep, 'AllowTo of the seal path excludes the heavier store path')
  assert.ok(existsSync(sectorPath(keep, 'sealed', 1000, 7)))
  assert.ok(existsSync(sectorPath(keep, 'cache', 1000, 7)))
  assert.ok(!existsSync(sectorPath(seal, 'sealed', 1000, 7)))
  assert.deepEqual(
    index.find(s7, FT.sealed, 0, false).map((x) => x.ID),
    [dest],
  )
  assert.equal(local.moveStorage(s7, FT.sealed, 2048), '', 'already in a store path')

  // a fresh store over the same storage.json finds the files by scanning
  const again = store('mv2')
  new StorageConfigFile(again.repo).write(JSON.parse(readFileSync(join(repo, 'storage.json'), 'utf8')))
  again.local.open()
  assert.equal(again.index.find(s7, FT.cache, 0, false)[0]?.ID, dest)
  assert.throws(() => local.detach(join(root, 'nope')), /no local storage path/)
  local.detach(keep)
  assert.deepEqual(index.find(s7, FT.sealed, 0, false), [])
})

test('serve /remote and fetch a sector file and cache dir into another path atomically', async () => {
  const a = store('srv')
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname.startsWith(REMOTE_PREFIX)) remoteHandler({ local: a.local, index: a.index, verify })(req, res, url)
    else res.writeHead(404).end()
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${REMOTE_PREFIX}`
  const src = newPath('srv-seal', { CanSeal: true })
  const sealed = randomBytes(4096)
  mkdirSync(join(src, 'sealed'))
  mkdirSync(join(src, 'cache', 's-t01000-7'), { recursive: true })
  writeFileSync(sectorPath(src, 'sealed', 1000, 7), sealed)
  writeFileSync(join(sectorPath(src, 'cache', 1000, 7), 'p_aux'), 'paux')
  const serving = new LocalStore({ index: a.index, config: new StorageConfigFile(a.repo), urls: () => [base] })
  serving.add(src)
  a.local = serving

  // auth: none, read-only, admin
  assert.equal((await fetch(`${base}/sealed/s-t01000-7`)).status, 401)
  assert.equal(
    (await fetch(`${base}/sealed/s-t01000-7`, { headers: { Authorization: 'Bearer read-token' } })).status,
    401,
  )
  const ok = await fetch(`${base}/sealed/s-t01000-7`, { headers: { Authorization: `Bearer ${ADMIN}` } })
  assert.equal(ok.status, 200)
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), sealed)
  const bad = await fetch(`${base}/bogus/s-t01000-7`, { headers: { Authorization: `Bearer ${ADMIN}` } })
  assert.equal(bad.status, 400)
  assert.match(await bad.text(), /unknown sector file type/)
  assert.equal(
    (await fetch(`${base}/sealed/s-t01000-8`, { headers: { Authorization: `Bearer ${ADMIN}` } })).status,
    404,
  )

  // a byte range of a file; /remote/stat of a local path; DELETE
  const part = await fetch(`${base}/sealed/s-t01000-7`, {
    headers: { Authorization: `Bearer ${ADMIN}`, Range: 'bytes=100-199' },
  })
  assert.equal(part.status, 206)
  assert.equal(part.headers.get('content-range'), 'bytes 100-199/4096')
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), sealed.subarray(100, 200))
  const bad416 = await fetch(`${base}/sealed/s-t01000-7`, {
    headers: { Authorization: `Bearer ${ADMIN}`, Range: 'bytes=5000-' },
  })
  assert.equal(bad416.status, 416)
  const srcIdStat = Object.keys(serving.local())[0]!
  const st = await fetch(`${base}/stat/${srcIdStat}`, { headers: { Authorization: `Bearer ${ADMIN}` } })
  assert.equal(st.status, 200)
  assert.ok(((await st.json()) as { Capacity: number }).Capacity > 0)
  assert.equal((await fetch(`${base}/stat/nope`, { headers: { Authorization: `Bearer ${ADMIN}` } })).status, 404)
  writeFileSync(sectorPath(src, 'unsealed', 1000, 7), 'u')
  serving.redeclare(null, true)
  const del = await fetch(`${base}/unsealed/s-t01000-7`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${ADMIN}` },
  })
  assert.equal(del.status, 200)
  assert.ok(!existsSync(sectorPath(src, 'unsealed', 1000, 7)))
  assert.deepEqual(a.index.find(s7, FT.unsealed, 0, false), [])

  // the fetching side knows the serving path through the index (as StorageAttach + StorageDeclareSector)
  const b = store('dst')
  b.local.add(newPath('dst-seal', { CanSeal: true }))
  const srcId = Object.keys(serving.local())[0]!
  b.index.attach(a.index.info(srcId), a.index.stat(srcId))
  b.index.declare(srcId, s7, FT.sealed | FT.cache, true)
  const got = await fetchSector({ index: b.index, local: b.local, token: ADMIN }, s7, 'sealed', 2048, 'sealing')
  assert.deepEqual(readFileSync(got), sealed)
  const cache = await fetchSector({ index: b.index, local: b.local, token: ADMIN }, s7, 'cache', 2048, 'sealing')
  assert.equal(readFileSync(join(cache, 'p_aux'), 'utf8'), 'paux')
  await assert.rejects(
    fetchSector({ index: b.index, local: b.local, token: 'read-token' }, s7, 'unsealed', 2048, 'sealing'),
    /no path holds its unsealed file/,
  )

  // finalize of a sector sealed on the serving side: into a local store path, remote copies removed
  const c = store('fin')
  const storePath = newPath('fin-store', { CanStore: true })
  c.local.add(storePath)
  c.index.attach(a.index.info(srcId), a.index.stat(srcId))
  c.index.declare(srcId, s7, FT.sealed | FT.cache, true)
  const moved = await moveFromRemote({ index: c.index, local: c.local, token: ADMIN }, s7, FT.sealed | FT.cache, 2048)
  assert.deepEqual(moved, [sectorPath(storePath, 'sealed', 1000, 7), sectorPath(storePath, 'cache', 1000, 7)])
  assert.deepEqual(readFileSync(moved[0]!), sealed)
  assert.ok(!existsSync(sectorPath(src, 'sealed', 1000, 7)), 'remote copy deleted')
  assert.ok(!existsSync(sectorPath(src, 'cache', 1000, 7)))
  assert.deepEqual(
    c.index.find(s7, FT.sealed | FT.cache, 0, false).map((x) => x.ID),
    [Object.keys(c.local.local())[0]],
  )
})

test('parseRange follows http.ServeFile for single ranges', () => {
  assert.equal(parseRange(undefined, 10), undefined)
  assert.deepEqual(parseRange('bytes=2-5', 10), [2, 5])
  assert.deepEqual(parseRange('bytes=2-', 10), [2, 9])
  assert.deepEqual(parseRange('bytes=-3', 10), [7, 9])
  assert.deepEqual(parseRange('bytes=8-100', 10), [8, 9])
  for (const bad of ['bytes=10-', 'bytes=5-2', 'bytes=-', 'bytes=1-2,4-5', 'items=1-2', 'bytes=-0'])
    assert.equal(parseRange(bad, 10), 'invalid', bad)
})

test('leftovers of an unfinished fetch or move are removed by the start-up scan', () => {
  const { local, index } = store('tmp')
  const p = newPath('tmp-path', { CanSeal: true })
  mkdirSync(join(p, 'sealed'))
  mkdirSync(join(p, 'cache'))
  writeFileSync(join(p, 'sealed', 's-t01000-1.tmp-fetch-0a1b2c3d'), 'partial')
  mkdirSync(join(p, 'cache', 's-t01000-1.tmp-move'))
  writeFileSync(join(p, 'sealed', 's-t01000-2'), 'whole')
  local.add(p)
  assert.deepEqual(readdirSync(join(p, 'sealed')), ['s-t01000-2'])
  assert.deepEqual(readdirSync(join(p, 'cache')), [])
  assert.deepEqual(Object.values(index.list()).flat(), [{ Miner: 1000, Number: 2, SectorFileType: FT.sealed }])
})

test('an interrupted transfer leaves no file', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': '8192' })
    res.write(Buffer.alloc(1000, 1), () => res.socket?.destroy())
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const dir = join(root, 'partial')
  mkdirSync(dir)
  const dest = join(dir, 's-t01000-7')
  await assert.rejects(
    fetchToPath(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, ADMIN, dest),
    /fetch http/,
  )
  assert.deepEqual(readdirSync(dir), [])
})
