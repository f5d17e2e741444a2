import assert from 'node:assert/strict'
import { test } from 'node:test'
import { minerApiDoc } from '../../../src/api/miner/docs.ts'
import {
  DeclCodec,
  FsStatCodec,
  SectorStorageInfoCodec,
  StorageInfoCodec,
  StorageMinerMethods,
} from '../../../src/api/miner/index.ts'
import { decode, encode } from '../../../src/core/codec.ts'
import { DecodeError } from '../../../src/util/errors.ts'

test('perms follow the //perm: tags of api_storage.go', () => {
  const perms = Object.fromEntries(Object.entries(StorageMinerMethods).map(([n, m]) => [n, m.perm]))
  assert.equal(perms.ActorAddress, 'read')
  for (const n of [
    'StorageList',
    'StorageLocal',
    'StorageAttach',
    'StorageInfo',
    'StorageStat',
    'StorageFindSector',
    'StorageDeclareSector',
    'StorageDropSector',
    'StorageReportHealth',
    'StorageAddLocal',
    'StorageDetachLocal',
    'StorageBestAlloc',
  ])
    assert.equal(perms[n], 'admin', n)
  assert.equal(perms.Shutdown, 'admin')
  assert.equal(perms.Version, 'read')
})

test('the API doc lists every method with its permission', () => {
  const doc = minerApiDoc()
  for (const [name, m] of Object.entries(StorageMinerMethods))
    assert.match(doc, new RegExp(`### ${name}\\n\\n[^]*?- Perm: \`${m.perm}\``))
})

test('storage types in Lotus-JSON: Go field names, nil slices as null, flat Decl', () => {
  const lotus = {
    ID: '7e2c5c1e-8a1b-4a4e-9a43-2a3f0f6f9e11',
    URLs: ['http://127.0.0.1:2345/remote'],
    Weight: 10,
    MaxStorage: 0,
    CanSeal: true,
    CanStore: false,
    Groups: null,
    AllowTo: null,
    AllowTypes: null,
    DenyTypes: null,
    AllowMiners: null,
    DenyMiners: null,
  }
  const si = StorageInfoCodec.fromJson(lotus)
  assert.deepEqual(si.Groups, [])
  assert.deepEqual(StorageInfoCodec.toJson(si), lotus)
  assert.deepEqual(decode(StorageInfoCodec, encode(StorageInfoCodec, si)), si)
  assert.deepEqual(DeclCodec.toJson({ Miner: 1000, Number: 3, SectorFileType: 6 }), {
    Miner: 1000,
    Number: 3,
    SectorFileType: 6,
  })
  const st = { Capacity: 100, Available: 40, FSAvailable: 50, Reserved: 10, Max: 0, Used: 0 }
  assert.deepEqual(FsStatCodec.fromJson(FsStatCodec.toJson(st)), st)
  assert.throws(() => StorageInfoCodec.fromJson({ ...lotus, Weight: -1 }), /StorageInfo.Weight/)
  assert.throws(() => StorageInfoCodec.fromJson([]), DecodeError)
  assert.throws(() => SectorStorageInfoCodec.fromJson({ ID: 'x' }), /SectorStorageInfo\.URLs|Weight|CanSeal/)
})
