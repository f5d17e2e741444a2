import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { FT, sectorPath } from '../../../src/worker/paths/filetypes.ts'
import { REMOTE_PREFIX, remoteHandler } from '../../../src/worker/paths/http-handler.ts'
import { LocalStore } from '../../../src/worker/paths/local.ts'
import { newMeta, writeMeta } from '../../../src/worker/paths/meta.ts'
import { SectorIndex } from '../../../src/worker/paths/sector-index.ts'
import { pathsFetcher, pathsMover } from '../../../src/worker/paths/sector-io.ts'
import { StorageConfigFile } from '../../../src/worker/paths/storage-config.ts'
import { sectorPaths } from '../../../src/worker/sector-files.ts'

const root = mkdtempSync(join(tmpdir(), 'lotus-ts-sector-io-'))
const servers: Server[] = []
after(() => {
  for (const s of servers) s.close()
  rmSync(root, { recursive: true, force: true })
})

const ADMIN = 'admin-token'
const verify = async (t: string) => {
  if (t === ADMIN) return ['read', 'write', 'sign', 'admin']
  throw new Error('invalid token')
}

/** A sector of the 2 KiB seal proof (StackedDrg2KiBV1_1 = 5). */
const sector = { miner: 1000, number: 9, proof: 5 }

test('the mover puts a finalized sector into a store path and the fetcher brings it back over /remote', async () => {
  const repo = join(root, 'miner')
  mkdirSync(repo)
  const index = new SectorIndex()
  let base = ''
  const local = new LocalStore({ index, config: new StorageConfigFile(repo), urls: () => [base] })
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname.startsWith(REMOTE_PREFIX)) remoteHandler({ local, index, verify })(req, res, url)
    else res.writeHead(404).end()
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${REMOTE_PREFIX}`
  const store = join(root, 'store')
  mkdirSync(store)
  writeMeta(store, newMeta({ CanStore: true }))
  local.add(store)

  // a worker's seal folder after FIN: sealed + cache (+ unsealed)
  const from = sectorPaths(join(root, 'seal'), sector)
  const sealed = randomBytes(2048)
  writeFileSync(from.sealed, sealed)
  mkdirSync(from.cache)
  writeFileSync(join(from.cache, 'p_aux'), 'aux')
  writeFileSync(from.unsealed, 'unsealed')

  const io = { index, local, token: ADMIN }
  await pathsMover(io).moveToStore(sector, from, false)
  assert.ok(!existsSync(from.sealed) && !existsSync(from.cache))
  assert.ok(existsSync(from.unsealed), 'unsealed not kept: left where it was')
  assert.deepEqual(readFileSync(sectorPath(store, 'sealed', 1000, 9)), sealed)
  const id = { Miner: 1000, Number: 9 }
  assert.equal(local.root(index.find(id, FT.sealed, 0, false)[0]!.ID), store)
  assert.equal(index.find(id, FT.cache, 0, false).length, 1)
  assert.equal(index.find(id, FT.unsealed, 0, false).length, 0)

  const into = sectorPaths(join(root, 'worker'), sector)
  await pathsFetcher(io).fetch(sector, ['sealed', 'cache'], into, new AbortController().signal)
  assert.deepEqual(readFileSync(into.sealed), sealed)
  assert.equal(readFileSync(join(into.cache, 'p_aux'), 'utf8'), 'aux')

  await assert.rejects(
    pathsFetcher(io).fetch(sector, ['unsealed'], sectorPaths(join(root, 'w2'), sector), new AbortController().signal),
    /no storage path holds its unsealed file/,
  )
  await assert.rejects(
    pathsFetcher({ ...io, token: 'wrong' }).fetch(
      sector,
      ['sealed'],
      sectorPaths(join(root, 'w3'), sector),
      new AbortController().signal,
    ),
    /fetching sealed failed/,
  )
  await assert.rejects(pathsMover(io).moveToStore(sector, from, false), /no sealed file/)
})
