import assert from 'node:assert/strict'
import { test } from 'node:test'
import { indexLocator } from '../../../src/miner/sched/index-locator.ts'
import { select } from '../../../src/miner/sched/selectors.ts'

test('index locator: a worker holds a sector when one of its paths has the sector files', async () => {
  const decl = new Map<string, string[]>([['1000/5/2', ['store-b']]])
  const index = {
    holders: (s: { Miner: number; Number: number }, bit: number) => decl.get(`${s.Miner}/${s.Number}/${bit}`) ?? [],
    info: (id: string) => ({ CanStore: id.startsWith('store') }),
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

test('index locator: FIN goes only to a worker with a store path, holders preferred', async () => {
  const index = {
    holders: (_s: unknown, bit: number) => (bit === 4 ? ['seal-a'] : []),
    info: (id: string) => ({ CanStore: id.startsWith('store') }),
  }
  const paths: Record<string, string[]> = { a: ['seal-a'], miner: ['store-m'] }
  const loc = indexLocator(index, (w) => paths[w])
  const sector = { miner: 1000, number: 5, proof: 5 }
  assert.deepEqual(await select(loc, 'FIN', 'a', sector), { ok: false, preferred: false }, 'seal-only worker')
  assert.deepEqual(await select(loc, 'FIN', 'miner', sector), { ok: true, preferred: false })
  assert.deepEqual(await select(loc, 'FIN', 'own-folder', sector), { ok: true, preferred: false })
  assert.deepEqual(await select(loc, 'C1', 'a', sector), { ok: true, preferred: true }, 'the cache holder first')
})
