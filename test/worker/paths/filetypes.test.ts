import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  checkMask,
  FT,
  FT_ALL,
  fileTypeFromString,
  parseSectorName,
  sectorName,
  sectorPath,
  typesOf,
} from '../../../src/worker/paths/filetypes.ts'
import { spaceUse } from '../../../src/worker/paths/overhead.ts'
import { InvalidError } from '../../../src/util/errors.ts'

test('file type bits follow Lotus order', () => {
  assert.deepEqual([FT.unsealed, FT.sealed, FT.cache, FT.update, FT['update-cache'], FT.piece], [1, 2, 4, 8, 16, 32])
  assert.equal(FT_ALL, 63)
  assert.deepEqual(typesOf(FT.sealed | FT.cache), ['sealed', 'cache'])
})

test('sector names and paths use s-t0<miner>-<num>', () => {
  assert.equal(sectorName(1000, 5), 's-t01000-5')
  assert.deepEqual(parseSectorName('s-t01000-5'), { Miner: 1000, Number: 5 })
  assert.equal(sectorPath('/mnt/a', 'cache', 1000, 5), '/mnt/a/cache/s-t01000-5')
  for (const bad of ['s-t1000-5', 's-t01000', 'x', 's-t01000-5.tmp', 's-t0-1-2'])
    assert.throws(() => parseSectorName(bad), InvalidError, bad)
})

test('unknown type names and mask bits are refused', () => {
  assert.equal(fileTypeFromString('update-cache'), 'update-cache')
  assert.throws(() => fileTypeFromString('Sealed'), /unknown sector file type/)
  assert.equal(checkMask(6), 6)
  assert.throws(() => checkMask(64), /unknown bits/)
  assert.throws(() => checkMask(-1), /unknown bits/)
})

test('space use follows FSOverheadSeal and FsOverheadFinalized', () => {
  assert.equal(spaceUse(FT.sealed | FT.cache, 2048, 'sealing'), Math.ceil((151 * 2048) / 10))
  assert.equal(spaceUse(FT.sealed | FT.cache, 2048, 'storage'), Math.ceil((11 * 2048) / 10))
  assert.equal(spaceUse(0, 2048, 'sealing'), 0)
})
