import assert from 'node:assert/strict'
import { test } from 'node:test'
import { indexLocator } from '../../../src/miner/sched/index-locator.ts'

test('index locator: a worker holds a sector when one of its paths has the sector files', async () => {
  const decl = new Map<string, string[]>([['1000/5/2', ['store-b']]])
  const index = {
    holders: (s: { Miner: number; Number: number }, bit: number) => decl.get(`${s.Miner}/${s.Number}/${bit}`) ?? [],
  }
  const paths: Record<string, string[]> = { a: ['seal-a'], b: ['seal-b', 'store-b'], empty: [] }
  const loc = indexLocator(index, (w) => paths[w])
  const sector = { miner: 1000, number: 5, proof: 5 }
  assert.equal(await loc.hasSector('b', sector), true)
  assert.equal(await loc.hasSector('a', sector), false)
  assert.equal(await loc.hasSector('unknown', sector), false)
  assert.equal(await loc.hasSector('b', { ...sector, number: 6 }), false)
  assert.equal(await loc.canAllocate('a', sector), true)
  assert.equal(await loc.canAllocate('unknown', sector), true, 'a worker without attached paths seals locally')
  assert.equal(await loc.canAllocate('empty', sector), false)
})
