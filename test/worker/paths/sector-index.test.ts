import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FsStat, StorageInfo } from '../../../src/api/miner/storage-types.ts'
import { FT } from '../../../src/worker/paths/filetypes.ts'
import { SectorIndex, SKIPPED_HEARTBEAT_MS } from '../../../src/worker/paths/sector-index.ts'
import { NotFoundError } from '../../../src/util/errors.ts'

const info = (ID: string, o: Partial<StorageInfo> = {}): StorageInfo => ({
  ID,
  URLs: [`http://h/${ID}/remote`],
  Weight: 10,
  MaxStorage: 0,
  CanSeal: false,
  CanStore: false,
  Groups: [],
  AllowTo: [],
  AllowTypes: [],
  DenyTypes: [],
  AllowMiners: [],
  DenyMiners: [],
  ...o,
})
const stat = (avail: number): FsStat => ({
  Capacity: 1e12,
  Available: avail,
  FSAvailable: avail,
  Reserved: 0,
  Max: 0,
  Used: 0,
})
const s5 = { Miner: 1000, Number: 5 }

test('declare, find and list', () => {
  const idx = new SectorIndex()
  idx.attach(info('a', { CanSeal: true }), stat(1e9))
  idx.attach(info('b', { CanStore: true }), stat(1e9))
  idx.declare('a', s5, FT.sealed | FT.cache, true)
  idx.declare('a', s5, FT.sealed, false) // idempotent, keeps primary
  const found = idx.find(s5, FT.sealed, 0, false)
  assert.equal(found.length, 1)
  assert.equal(found[0]!.ID, 'a')
  assert.equal(found[0]!.Primary, true)
  assert.deepEqual(found[0]!.URLs, ['http://h/a/remote/sealed/s-t01000-5'])
  assert.deepEqual(idx.list(), { a: [{ Miner: 1000, Number: 5, SectorFileType: 6 }], b: [] })
  idx.drop('a', s5, FT.cache)
  assert.deepEqual(idx.list().a, [{ Miner: 1000, Number: 5, SectorFileType: 2 }])
  assert.deepEqual(idx.find({ Miner: 1000, Number: 6 }, FT.sealed, 0, false), [])
})

test('allowFetch adds paths the source AllowTo admits', () => {
  const idx = new SectorIndex()
  idx.attach(info('src', { CanSeal: true, AllowTo: ['g1'] }), stat(1e9))
  idx.attach(info('ok', { CanStore: true, Groups: ['g1'] }), stat(1e9))
  idx.attach(info('no', { CanStore: true, Groups: ['g2'] }), stat(1e9))
  idx.declare('src', s5, FT.sealed, true)
  const ids = idx.find(s5, FT.sealed, 2048, true).map((x) => x.ID)
  assert.deepEqual(ids.sort(), ['ok', 'src'])
})

test('bestAlloc: by use, space, weight × available, groups and health', () => {
  let now = 0
  const idx = new SectorIndex(() => now)
  idx.attach(info('small', { CanSeal: true, Weight: 10 }), stat(1_000_000))
  idx.attach(info('big', { CanSeal: true, Weight: 10 }), stat(9_000_000))
  idx.attach(info('heavy', { CanSeal: true, Weight: 100, Groups: ['g'] }), stat(2_000_000))
  idx.attach(info('store', { CanStore: true }), stat(9_000_000))
  idx.attach(info('ro', { CanSeal: true, Weight: 0 }), stat(9_000_000))
  assert.deepEqual(
    idx.bestAlloc(FT.sealed, 2048, 'sealing').map((x) => x.ID),
    ['heavy', 'big', 'small'],
  )
  assert.deepEqual(
    idx.bestAlloc(FT.sealed, 2048, 'sealing', ['g']).map((x) => x.ID),
    ['heavy'],
  )
  assert.deepEqual(
    idx.bestAlloc(FT.sealed, 2048, 'storage').map((x) => x.ID),
    ['store'],
  )
  // not enough room for a 1 MiB sector's cache while sealing (14.1×)
  assert.throws(() => idx.bestAlloc(FT.cache, 1 << 20, 'sealing'), /no good path found/)
  idx.reportHealth('heavy', { Stat: stat(2_000_000), Err: 'disk gone' })
  assert.deepEqual(
    idx.bestAlloc(FT.sealed, 2048, 'sealing').map((x) => x.ID),
    ['big', 'small'],
  )
  assert.throws(() => idx.stat('heavy'), /unhealthy: disk gone/)
  now = SKIPPED_HEARTBEAT_MS + 1
  assert.throws(() => idx.stat('big'), /unreachable: no heartbeat/)
  assert.throws(() => idx.bestAlloc(FT.sealed, 2048, 'sealing'), /no good path found/)
})

test('bestAlloc honours AllowMiners and DenyMiners', () => {
  const idx = new SectorIndex()
  idx.attach(info('only1000', { CanSeal: true, AllowMiners: ['t01000'] }), stat(1e9))
  idx.attach(info('not1000', { CanSeal: true, DenyMiners: ['f01000'] }), stat(1e9))
  idx.attach(info('any', { CanSeal: true }), stat(1e9))
  const ids = (m: number) =>
    idx
      .bestAlloc(FT.sealed, 2048, 'sealing', [], m)
      .map((x) => x.ID)
      .sort()
  assert.deepEqual(ids(1000), ['any', 'only1000'])
  assert.deepEqual(ids(1001), ['any', 'not1000'])
})

test('unknown storage IDs and bad masks are refused', () => {
  const idx = new SectorIndex()
  assert.throws(() => idx.info('nope'), NotFoundError)
  assert.throws(() => idx.declare('nope', s5, FT.sealed, true), /not found/)
  idx.attach(info('a'), stat(1))
  assert.throws(() => idx.declare('a', s5, 128, true), /unknown bits/)
  assert.throws(() => idx.detach('a', 'http://other'), /no URL/)
  idx.declare('a', s5, FT.sealed, true)
  idx.detach('a', 'http://h/a/remote')
  assert.equal(idx.has('a'), false)
  assert.deepEqual(idx.find(s5, FT.sealed, 0, false), [])
})
