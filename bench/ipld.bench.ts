/**
 * IPLD benchmarks, each beside an anchor measured in the same run:
 * - HAMT / AMT: 10,000 sets then one flush, against the floor of the same work done by a peer codec
 *   (@ipld/dag-cbor encoding + blake2b-256 of exactly the blocks our flush wrote);
 * - LMDB blockstore put and get against raw `lmdb` put/getBinary of the same blocks;
 * - CAR write and read MB/s against @ipld/car's writer and block iterator on the same blocks.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CarBlockIterator, CarWriter as IpldCarWriter } from '@ipld/car'
import * as dagCbor from '@ipld/dag-cbor'
import { open } from 'lmdb'
import { blake2b256, encodeWithCid } from '../src/core/cid.ts'
import { Amt } from '../src/ipld/amt/amt.ts'
import type { Block, Blockstore } from '../src/ipld/blockstore.ts'
import { CarReader } from '../src/ipld/car/reader.ts'
import { CarWriter } from '../src/ipld/car/writer.ts'
import { Hamt } from '../src/ipld/hamt/hamt.ts'
import { LmdbBlockstore } from '../src/ipld/lmdb-blockstore.ts'
import { MemoryBlockstore } from '../src/ipld/memory-blockstore.ts'
import type { BenchRow } from './harness.ts'

const N = 10_000

/** Best of `runs` wall-clock timings, in seconds. */
async function best(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    min = Math.min(min, (performance.now() - t) / 1000)
  }
  return min
}

/** Best timings of `ours` and `anchor`, run alternately so load on the machine hits both alike. */
async function versus(
  runs: number,
  ours: (round: number) => Promise<unknown>,
  anchor: (round: number) => Promise<unknown>,
): Promise<[number, number]> {
  let a = Number.POSITIVE_INFINITY
  let b = Number.POSITIVE_INFINITY
  for (let r = 0; r < runs; r++) {
    a = Math.min(a, await best(1, () => ours(r)))
    b = Math.min(b, await best(1, () => anchor(r)))
  }
  return [a, b]
}

/** A blockstore that remembers what was written, to replay the same blocks through the anchor. */
class RecordingStore extends MemoryBlockstore {
  written: Block[] = []
  override async put(cid: Block['cid'], bytes: Uint8Array): Promise<void> {
    this.written.push({ cid, bytes })
    return super.put(cid, bytes)
  }
}

/** Entries/s of "encode every written block with @ipld/dag-cbor and hash it": the floor of a flush. */
async function codecFloor(blocks: Block[], entries: number): Promise<number> {
  const values = blocks.map((b) => dagCbor.decode(b.bytes))
  const secs = await best(3, async () => {
    for (const v of values) blake2b256(dagCbor.encode(v))
  })
  return entries / secs
}

async function structures(): Promise<BenchRow[]> {
  const keys = Array.from({ length: N }, (_, i) => new TextEncoder().encode(`key-${i}`))
  const rows: BenchRow[] = []
  let hamtBlocks: Block[] = []
  const hamtSecs = await best(3, async () => {
    const bs = new RecordingStore()
    const h = Hamt.create(bs)
    for (let i = 0; i < N; i++) await h.set(keys[i]!, [i, keys[i]!])
    await h.flush()
    hamtBlocks = bs.written
  })
  rows.push({
    name: `HAMT set+flush ${N} entries (bw 5, sha256)`,
    value: N / hamtSecs,
    unit: 'entries/s',
    anchor: { name: '@ipld/dag-cbor encode+blake2b of the written blocks', value: await codecFloor(hamtBlocks, N) },
  })
  let amtBlocks: Block[] = []
  const amtSecs = await best(3, async () => {
    const bs = new RecordingStore()
    const a = Amt.create(bs)
    for (let i = 0; i < N; i++) await a.set(i, [i, keys[i]!])
    await a.flush()
    amtBlocks = bs.written
  })
  rows.push({
    name: `AMT v3 set+flush ${N} entries (bw 3)`,
    value: N / amtSecs,
    unit: 'entries/s',
    anchor: { name: '@ipld/dag-cbor encode+blake2b of the written blocks', value: await codecFloor(amtBlocks, N) },
  })
  return rows
}

function sampleBlocks(n: number, size: number, salt = 0): Block[] {
  const out: Block[] = []
  for (let i = 0; i < n; i++) {
    const body = new Uint8Array(size)
    new DataView(body.buffer).setUint32(0, i)
    out.push(encodeWithCid([salt, i, body]))
  }
  return out
}

async function lmdbRows(dir: string): Promise<BenchRow[]> {
  const rounds = 3
  const sets = Array.from({ length: rounds }, (_, r) => sampleBlocks(10_000, 200, r))
  const ours = LmdbBlockstore.open({ path: join(dir, 'ours') })
  const raw = open<Uint8Array, Uint8Array>({ path: join(dir, 'raw'), encoding: 'binary', keyEncoding: 'binary' })
  const [putOurs, putRaw] = await versus(
    rounds,
    (r) => ours.putMany(sets[r]!),
    (r) => Promise.all(sets[r]!.map((b) => raw.put(b.cid.bytes, b.bytes))),
  )
  const store: Blockstore = ours
  const blocks = sets[0]!
  const [getOurs, getRaw] = await versus(
    5,
    async () => {
      for (const b of blocks) await store.get(b.cid)
    },
    async () => {
      for (const b of blocks) raw.getBinary(b.cid.bytes)
    },
  )
  await ours.close()
  await raw.close()
  const n = blocks.length
  return [
    {
      name: `LMDB blockstore putMany ${n / 1000}k x 200 B`,
      value: n / putOurs,
      unit: 'blocks/s',
      anchor: { name: 'raw lmdb put', value: n / putRaw },
    },
    {
      name: `LMDB blockstore get ${n / 1000}k x 200 B`,
      value: n / getOurs,
      unit: 'blocks/s',
      anchor: { name: 'raw lmdb getBinary', value: n / getRaw },
    },
  ]
}

async function carRows(): Promise<BenchRow[]> {
  const blocks = sampleBlocks(10_000, 1000)
  const roots = [blocks[0]!.cid]
  let carParts: Uint8Array[] = []
  const [ourWrite, theirWrite] = await versus(
    5,
    async () => {
      const parts: Uint8Array[] = []
      const w = new CarWriter((c) => void parts.push(c), roots)
      for (const b of blocks) await w.put(b)
      await w.close()
      carParts = parts
    },
    async () => {
      const { writer, out } = IpldCarWriter.create(roots)
      const drained = (async () => {
        for await (const _ of out) {
        }
      })()
      for (const b of blocks) await writer.put(b)
      await writer.close()
      await drained
    },
  )
  const [ourRead, theirRead] = await versus(
    5,
    async () => {
      for await (const _ of await CarReader.open(carParts)) {
      }
    },
    async () => {
      const source = (async function* () {
        yield* carParts
      })()
      for await (const _ of await CarBlockIterator.fromIterable(source)) {
      }
    },
  )
  const mb = carParts.reduce((n, p) => n + p.length, 0) / 1e6
  const what = `${blocks.length / 1000}k x 1 KB blocks`
  return [
    {
      name: `CAR write ${what}`,
      value: mb / ourWrite,
      unit: 'MB/s',
      anchor: { name: '@ipld/car CarWriter', value: mb / theirWrite },
    },
    {
      name: `CAR read ${what}`,
      value: mb / ourRead,
      unit: 'MB/s',
      anchor: { name: '@ipld/car CarBlockIterator', value: mb / theirRead },
    },
  ]
}

export async function rows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-bench-ipld-'))
  try {
    return [...(await structures()), ...(await lmdbRows(dir)), ...(await carRows())]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
