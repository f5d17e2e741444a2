import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { cidOfBytes, encodeWithCid, RAW } from '../../src/core/cid.ts'
import { getCbor, getOrThrow, putBlocks, putCbor } from '../../src/ipld/blockstore.ts'
import { verifyBlock } from '../../src/ipld/block-hash.ts'
import { MemoryBlockstore } from '../../src/ipld/memory-blockstore.ts'
import { DecodeError, InvalidError, NotFoundError } from '../../src/util/errors.ts'

test('putCbor/getCbor round-trip under the blake2b-256 CID', async () => {
  const bs = new MemoryBlockstore()
  const value = [1, 'two', new Uint8Array([3]), null]
  const cid = await putCbor(bs, value)
  assert.equal(cid.toString(), encodeWithCid(value).cid.toString())
  assert.deepEqual(await getCbor(bs, cid), value)
  assert.equal(await bs.has(cid), true)
})

test('getOrThrow names the missing CID', async () => {
  const bs = new MemoryBlockstore()
  const cid = cidOfBytes(new Uint8Array([0x80]))
  await assert.rejects(
    getOrThrow(bs, cid),
    (e: unknown) => e instanceof NotFoundError && e.message.includes(cid.toString()),
  )
})

test('putBlocks stores every block; delete removes one', async () => {
  const bs = new MemoryBlockstore()
  const blocks = [0, 1, 2].map((i) => encodeWithCid([i]))
  await putBlocks(bs, blocks)
  assert.equal(bs.size, 3)
  await bs.delete(blocks[1]!.cid)
  assert.equal(await bs.has(blocks[1]!.cid), false)
  assert.equal(await bs.get(blocks[1]!.cid), undefined)
})

test('verifyBlock checks blake2b-256, sha2-256 and identity CIDs', () => {
  const data = new TextEncoder().encode('hello')
  const b = cidOfBytes(data, RAW)
  verifyBlock(b, data)
  assert.throws(() => verifyBlock(b, new TextEncoder().encode('hellp')), DecodeError)
  const s = CID.createV1(RAW, Digest.create(0x12, sha256(data)))
  verifyBlock(s, data)
  assert.throws(() => verifyBlock(s, new Uint8Array(0)), DecodeError)
  const id = CID.createV1(RAW, Digest.create(0x00, data))
  verifyBlock(id, data)
  const unknown = CID.createV1(RAW, Digest.create(0x1b, new Uint8Array(32)))
  assert.throws(() => verifyBlock(unknown, data), InvalidError)
})

test('index.ts re-exports the public surface', async () => {
  const ipld = await import('../../src/ipld/index.ts')
  for (const name of [
    'Amt',
    'Hamt',
    'CarReader',
    'CarWriter',
    'LmdbBlockstore',
    'MemoryBlockstore',
    'putCbor',
    'getCbor',
  ]) {
    assert.equal(typeof (ipld as Record<string, unknown>)[name], 'function', name)
  }
})
