/** Tipset expansion: valid blocks of one height and parents form one tipset, one block per miner. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BadBlockCache } from '../../../src/chain/sync/bad-blocks.ts'
import { TipSetGroups } from '../../../src/chain/sync/tipset-groups.ts'
import { Address } from '../../../src/core/address.ts'
import { blockHeaderCid } from '../../../src/core/block-header.ts'
import { header } from '../store/chain-builder.ts'

const block = (miner: number, height: number, ticket: number, parents = header().parents) =>
  header({ miner: Address.fromId(miner), height, ticket: { vrfProof: new Uint8Array([ticket]) }, parents })

test('blocks of one height and parents join; other heights or parents do not', () => {
  const g = new TipSetGroups()
  const a = block(1000, 5, 1)
  assert.equal(g.add(a).blocks.length, 1)
  const b = block(1001, 5, 2)
  const ts = g.add(b)
  assert.equal(ts.blocks.length, 2)
  assert.ok(g.has(blockHeaderCid(a)) && g.has(blockHeaderCid(b)))
  assert.equal(g.add(block(1002, 6, 3)).blocks.length, 1, 'another height')
  assert.equal(g.add(block(1003, 5, 4, [blockHeaderCid(a)])).blocks.length, 1, 'other parents')
  assert.equal(g.add(block(1004, 5, 5)).blocks.length, 3)
})

test("a miner's second block at a height makes a tipset without its first", () => {
  const g = new TipSetGroups()
  const first = block(1000, 5, 1)
  g.add(first)
  g.add(block(1001, 5, 2))
  const second = block(1000, 5, 9)
  const ts = g.add(second)
  assert.equal(ts.blocks.length, 2)
  assert.ok(ts.cids.some((c) => c.equals(blockHeaderCid(second))))
  assert.ok(!ts.cids.some((c) => c.equals(blockHeaderCid(first))))
})

test('pruning forgets the groups below a height', () => {
  const g = new TipSetGroups()
  const old = block(1000, 3, 1)
  g.add(old)
  g.add(block(1000, 9, 2))
  g.prune(5)
  assert.equal(g.has(blockHeaderCid(old)), false)
  assert.equal(g.add(block(1001, 3, 3)).blocks.length, 1)
})

test('the bad-block cache keeps reasons and drops the oldest past its size', () => {
  const c = new BadBlockCache(2)
  const cids = [1, 2, 3].map((t) => blockHeaderCid(block(1000, t, t)))
  for (const [i, cid] of cids.entries()) c.add(cid, `reason ${i}`)
  assert.equal(c.size, 2)
  assert.equal(c.has(cids[0]!), undefined)
  assert.equal(c.has(cids[2]!), 'reason 2')
})
