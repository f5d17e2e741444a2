import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { CborValue } from '../../src/core/cbor/value.ts'
import { Amt } from '../../src/ipld/amt/amt.ts'
import { CarReader } from '../../src/ipld/car/reader.ts'
import { MemoryBlockstore } from '../../src/ipld/memory-blockstore.ts'

// Go-built AMT v0 instances from mainnet state (see fixtures/README.md for their provenance).
const fixture = join(import.meta.dirname, 'fixtures', 'mainnet-amt-v0.car')
const expected = [
  { height: 3, count: 797 },
  { height: 1, count: 9 },
  { height: 6, count: 1 },
]

test('mainnet AMT v0 instances load, walk and rebuild to the same root CID', async () => {
  const reader = await CarReader.open([new Uint8Array(readFileSync(fixture))], { verify: true })
  const bs = new MemoryBlockstore()
  for await (const b of reader) await bs.put(b.cid, b.bytes)
  assert.equal(reader.header.roots.length, expected.length)
  for (const [k, root] of reader.header.roots.entries()) {
    const amt = await Amt.load(bs, root, { version: 0 })
    assert.equal(amt.length, expected[k]!.count)
    const entries: [bigint, CborValue][] = []
    for await (const e of amt.entries()) entries.push(e)
    assert.equal(entries.length, expected[k]!.count)
    // The same entries set into an empty AMT give Go's root.
    const fresh = Amt.create(new MemoryBlockstore(), { version: 0 })
    for (const [i, v] of entries) await fresh.set(i, v)
    assert.equal((await fresh.flush()).toString(), root.toString(), `rebuild of root ${k}`)
    // Deleting entries from Go's tree and setting them back also returns to Go's root.
    const some = entries.filter((_, j) => j % 7 === 0)
    for (const [i] of some) assert.equal(await amt.delete(i), true)
    assert.equal(amt.length, entries.length - some.length)
    for (const [i, v] of some) await amt.set(i, v)
    assert.equal((await amt.flush()).toString(), root.toString(), `delete and restore in root ${k}`)
  }
})
