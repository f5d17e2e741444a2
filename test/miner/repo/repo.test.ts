import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { LockedRepo, repoPath } from '../../../src/api/repo/fs-repo.ts'
import { Address } from '../../../src/core/address.ts'
import { META_FILE, newMeta, readMeta, writeMeta } from '../../../src/worker/paths/meta.ts'
import { readActor, writeActor } from '../../../src/miner/repo/actor.ts'
import { MINER_REPO } from '../../../src/miner/repo/config.ts'
import { StorageConfigFile } from '../../../src/worker/paths/storage-config.ts'
import { DecodeError, NotFoundError } from '../../../src/util/errors.ts'

const root = mkdtempSync(join(tmpdir(), 'lotus-ts-minerrepo-'))
after(() => rmSync(root, { recursive: true, force: true }))

test('LOTUS_MINER_PATH and the default ~/.lotusminer', () => {
  assert.equal(repoPath(MINER_REPO, undefined, { LOTUS_MINER_PATH: '/x/m' }), '/x/m')
  assert.match(repoPath(MINER_REPO, undefined, {}), /\/\.lotusminer$/)
})

test('config.toml has the miner sections, defaults, file values and env overrides', () => {
  const dir = join(root, 'cfg')
  let repo = LockedRepo.open(dir, MINER_REPO, {})
  const text = readFileSync(join(dir, 'config.toml'), 'utf8')
  for (const s of ['[API]', '[Subsystems]', '[Sealing]', '[Proving]', '[Storage]', '[Addresses]', '[Fees]'])
    assert.ok(text.includes(s), s)
  assert.equal(repo.config.API.ListenAddress, '/ip4/127.0.0.1/tcp/2345/http')
  assert.equal(repo.config.Storage.Assigner, 'utilization')
  assert.deepEqual(repo.config.Addresses.PreCommitControl, [])
  assert.throws(() => LockedRepo.open(dir, MINER_REPO, {}), /already locked/)
  repo.close()
  writeFileSync(join(dir, 'config.toml'), '[Sealing]\nMaxSealingSectors = 3\n[Proving]\nParallelCheckLimit = 8\n')
  repo = LockedRepo.open(dir, MINER_REPO, {
    LOTUS_SEALING_MAXSEALINGSECTORS: '5',
    LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http',
    LOTUS_ADDRESSES_PRECOMMITCONTROL: 't01,t02',
  })
  assert.equal(repo.config.Sealing.MaxSealingSectors, 5)
  assert.equal(repo.config.Proving.ParallelCheckLimit, 8)
  assert.equal(repo.config.API.ListenAddress, '/ip4/127.0.0.1/tcp/0/http')
  assert.deepEqual(repo.config.Addresses.PreCommitControl, ['t01', 't02'])
  repo.close()
  writeFileSync(join(dir, 'config.toml'), '[Sealing]\nMaxSealingSectors = "many"\n')
  assert.throws(() => LockedRepo.open(dir, MINER_REPO, {}), /Sealing.MaxSealingSectors must be a number/)
})

test('storage.json round trip and bad contents', () => {
  const f = new StorageConfigFile(join(root))
  assert.deepEqual(f.read(), { StoragePaths: [] })
  f.update((ps) => [...ps, '/mnt/a', '/mnt/b'])
  assert.deepEqual(JSON.parse(readFileSync(f.file, 'utf8')), { StoragePaths: [{ Path: '/mnt/a' }, { Path: '/mnt/b' }] })
  writeFileSync(f.file, '{"StoragePaths":[{"Path":3}]}')
  assert.throws(() => f.read(), DecodeError)
  writeFileSync(f.file, '{nope')
  assert.throws(() => f.read(), /invalid JSON/)
})

test('sectorstore.json: written once, read with Lotus field names, bad files refused', () => {
  const p = mkdtempSync(join(root, 'path-'))
  assert.throws(() => readMeta(p), NotFoundError)
  const m = newMeta({ CanSeal: true, Weight: 7, Groups: ['g'] })
  writeMeta(p, m)
  const json = JSON.parse(readFileSync(join(p, META_FILE), 'utf8'))
  assert.deepEqual(Object.keys(json), [
    'ID',
    'Weight',
    'CanSeal',
    'CanStore',
    'MaxStorage',
    'Groups',
    'AllowTo',
    'AllowTypes',
    'DenyTypes',
    'AllowMiners',
    'DenyMiners',
  ])
  assert.equal(json.AllowTo, null)
  assert.deepEqual(readMeta(p), m)
  assert.throws(() => writeMeta(p, m), /already initialized/)
  writeFileSync(join(p, META_FILE), '{"ID":"not-a-uuid","Weight":1}')
  assert.throws(() => readMeta(p), /not a UUID/)
  writeFileSync(join(p, META_FILE), '{"ID":"6b3c4bf6-1b57-4d7f-a0a6-0b8a8e0b9f8e","Weight":-1}')
  assert.throws(() => readMeta(p), /Weight/)
  writeFileSync(join(p, META_FILE), '{"ID":"6b3c4bf6-1b57-4d7f-a0a6-0b8a8e0b9f8e"}')
  assert.equal(readMeta(p).Weight, 0) // a Lotus file without optional fields
})

test('the recorded miner actor', () => {
  const dir = mkdtempSync(join(root, 'actor-'))
  assert.throws(() => readActor(dir), /run lotus-miner init first/)
  writeActor(dir, Address.fromId(1000))
  assert.equal(readActor(dir).id, 1000n)
})
