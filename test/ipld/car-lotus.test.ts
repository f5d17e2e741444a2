import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { CarBlockIterator } from '@ipld/car'
import { decodeCbor } from '../../src/core/cbor/decode.ts'
import { encodeCbor } from '../../src/core/cbor/encode.ts'
import { DAG_CBOR } from '../../src/core/cid.ts'
import { Amt } from '../../src/ipld/amt/amt.ts'
import type { Block } from '../../src/ipld/blockstore.ts'
import { CarReader } from '../../src/ipld/car/reader.ts'
import { CarWriter } from '../../src/ipld/car/writer.ts'
import { MemoryBlockstore } from '../../src/ipld/memory-blockstore.ts'
import { bytesEqual, concatBytes } from '../../src/util/bytes.ts'

// A CAR written by Lotus for a filecoin-project/test-vectors vector (see fixtures/README.md).
const car = new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'lotus-genesis-state.car')))
const STATE_ROOT = 'bafy2bzaceb5cuxtw25koxliiwnonqyflolwp5sgbkvamvaiixq4sywfhfz5ug'
const EMPTY_AMT_V0 = 'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6'

test('a Lotus-written CAR: verified read, strict re-encoding, byte-identical rewrite', async () => {
  const reader = await CarReader.open([car], { verify: true })
  assert.equal(reader.header.roots[0]!.toString(), STATE_ROOT)
  const blocks: Block[] = []
  for await (const b of reader) blocks.push(b)
  assert.equal(blocks.length, 37)
  // @ipld/car sees the same blocks.
  const theirs: string[] = []
  for await (const b of await CarBlockIterator.fromIterable(
    (async function* () {
      yield car
    })(),
  ))
    theirs.push(b.cid.toString())
  assert.deepEqual(
    theirs,
    blocks.map((b) => b.cid.toString()),
  )
  // Every DAG-CBOR block passes the strict decoder and re-encodes to the same bytes.
  const bs = new MemoryBlockstore()
  for (const b of blocks) {
    await bs.put(b.cid, b.bytes)
    if (b.cid.code === DAG_CBOR) assert.ok(bytesEqual(encodeCbor(decodeCbor(b.bytes)), b.bytes), b.cid.toString())
  }
  // The state holds Go's empty AMT v0, which loads and re-flushes to itself.
  assert.ok(blocks.some((b) => b.cid.toString() === EMPTY_AMT_V0))
  const amt = await Amt.load(bs, blocks.find((b) => b.cid.toString() === EMPTY_AMT_V0)!.cid, { version: 0 })
  assert.equal((await amt.flush()).toString(), EMPTY_AMT_V0)
  // Writing the same roots and blocks in order reproduces go-car's file exactly.
  const parts: Uint8Array[] = []
  const w = new CarWriter((c) => void parts.push(c), reader.header.roots, { chunkBytes: 1000 })
  for (const b of blocks) await w.put(b)
  await w.close()
  assert.ok(bytesEqual(concatBytes(...parts), car))
})
