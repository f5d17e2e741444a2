import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { sectorRemover } from '../../../src/miner/pipeline/setup.ts'
import { FT, sectorPath } from '../../../src/worker/paths/filetypes.ts'
import { REMOTE_PREFIX, remoteHandler } from '../../../src/worker/paths/http-handler.ts'
import { LocalStore } from '../../../src/worker/paths/local.ts'
import { newMeta, writeMeta } from '../../../src/worker/paths/meta.ts'
import { SectorIndex } from '../../../src/worker/paths/sector-index.ts'
import { StorageConfigFile } from '../../../src/worker/paths/storage-config.ts'
import { sectorPaths } from '../../../src/worker/sector-files.ts'

const root = mkdtempSync(join(tmpdir(), 'lotus-remover-'))
let server: Server | undefined
after(() => {
  server?.close()
  rmSync(root, { recursive: true, force: true })
})
const ADMIN = 'admin-token'
const verify = async (t: string) => {
  if (t === ADMIN) return ['read', 'write', 'sign', 'admin']
  throw new Error('invalid token')
}

function storagePath(name: string, meta: Parameters<typeof newMeta>[0]): string {
  const p = join(root, name)
  mkdirSync(p)
  writeMeta(p, newMeta(meta))
  return p
}

test("a removed sector's files go from a worker's path over /remote, the miner's paths and the seal folder", async () => {
  const sector = { miner: 1000, number: 7, proof: 5 }
  const id = { Miner: 1000, Number: 7 }
  // A worker process with a seal path, serving /remote.
  const wIndex = new SectorIndex()
  let wBase = ''
  mkdirSync(join(root, 'worker'))
  const wLocal = new LocalStore({
    index: wIndex,
    config: new StorageConfigFile(join(root, 'worker')),
    urls: () => [wBase],
  })
  const deletes: string[] = []
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'DELETE') deletes.push(url.pathname)
    remoteHandler({ local: wLocal, index: wIndex, verify })(req, res, url)
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  wBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}${REMOTE_PREFIX}`
  const wPath = storagePath('wseal', { CanSeal: true })
  wLocal.add(wPath)
  const wId = Object.keys(wLocal.local())[0]!
  writeFileSync(sectorPath(wPath, 'sealed', 1000, 7), 'sealed')
  mkdirSync(sectorPath(wPath, 'cache', 1000, 7))
  wLocal.declare(wId, id, FT.sealed | FT.cache)

  // The miner: its own store path holding the unsealed copy, and the worker's path in its index.
  const mIndex = new SectorIndex()
  mkdirSync(join(root, 'miner'))
  const mLocal = new LocalStore({ index: mIndex, config: new StorageConfigFile(join(root, 'miner')), urls: () => [] })
  const mPath = storagePath('mstore', { CanStore: true })
  mLocal.add(mPath)
  const mId = Object.keys(mLocal.local())[0]!
  writeFileSync(sectorPath(mPath, 'unsealed', 1000, 7), 'unsealed')
  mLocal.declare(mId, id, FT.unsealed)
  mIndex.attach(wIndex.info(wId), wIndex.stat(wId))
  mIndex.declare(wId, id, FT.sealed | FT.cache, false)
  const sealDir = join(root, 'builtin-seal')
  const seal = sectorPaths(sealDir, sector)
  writeFileSync(seal.unsealed, 'leftover')

  await sectorRemover({ index: mIndex, local: mLocal, token: ADMIN }, sealDir)(sector)
  assert.deepEqual(deletes.sort(), ['/remote/cache/s-t01000-7', '/remote/sealed/s-t01000-7'])
  assert.equal(existsSync(sectorPath(wPath, 'sealed', 1000, 7)), false)
  assert.equal(existsSync(sectorPath(wPath, 'cache', 1000, 7)), false)
  assert.equal(existsSync(sectorPath(mPath, 'unsealed', 1000, 7)), false)
  assert.equal(existsSync(seal.unsealed), false)
  assert.deepEqual(
    Object.values(mIndex.list())
      .flat()
      .filter((d) => d.Number === 7),
    [],
    'no declaration of the sector is left in the index',
  )
  // Removing again finds nothing to do.
  await sectorRemover({ index: mIndex, local: mLocal, token: ADMIN }, sealDir)(sector)
})
