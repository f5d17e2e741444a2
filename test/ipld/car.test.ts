import assert from 'node:assert/strict'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { after, test } from 'node:test'
import { CarBlockIterator, CarWriter as IpldCarWriter } from '@ipld/car'
import { sha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { encodeCbor } from '../../src/core/cbor/encode.ts'
import { cidOfBytes, encodeWithCid, RAW } from '../../src/core/cid.ts'
import type { Block } from '../../src/ipld/blockstore.ts'
import { encodeCarHeader } from '../../src/ipld/car/header.ts'
import { CarReader, type CarReadOptions } from '../../src/ipld/car/reader.ts'
import { CarWriter, carChunks, encodeCarSection } from '../../src/ipld/car/writer.ts'
import { bytesEqual, concatBytes } from '../../src/util/bytes.ts'
import { DecodeError, ErrorCode, LotusError } from '../../src/util/errors.ts'
import { encodeUvarint } from '../../src/util/varint.ts'
import { prng } from './prng.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-car-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function sampleBlocks(): Block[] {
  const rnd = prng(3)
  const blocks: Block[] = []
  for (let i = 0; i < 40; i++) blocks.push(encodeWithCid([i, rnd.bytes(rnd.int(300))]))
  const big = rnd.bytes(70_000) // larger than the writer's chunk in these tests
  blocks.push({ cid: cidOfBytes(big, RAW), bytes: big })
  const dagPb = new Uint8Array([0x0a, 0x00]) // a CIDv0 (sha2-256, dag-pb) block
  blocks.push({ cid: CID.createV0(Digest.create(0x12, sha256(dagPb))), bytes: dagPb })
  return blocks
}

async function ourCar(roots: CID[], blocks: Block[], chunkBytes = 4096): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  const w = new CarWriter((c) => void parts.push(c), roots, { chunkBytes })
  for (const b of blocks) await w.put(b)
  await w.close()
  return concatBytes(...parts)
}

async function ipldCar(roots: CID[], blocks: Block[]): Promise<Uint8Array> {
  const { writer, out } = IpldCarWriter.create(roots)
  const collected = (async () => {
    const parts: Uint8Array[] = []
    for await (const p of out) parts.push(p)
    return concatBytes(...parts)
  })()
  for (const b of blocks) await writer.put(b)
  await writer.close()
  return collected
}

/** Splits bytes into pieces of random sizes (exercises reads across chunk boundaries). */
function* pieces(bytes: Uint8Array, seed: number, max = 97): Generator<Uint8Array> {
  const rnd = prng(seed)
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + rnd.int(max)
    yield bytes.subarray(at, at + n)
    at += n
  }
}

async function readAll(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, opts?: CarReadOptions) {
  const r = await CarReader.open(source, opts)
  const blocks: Block[] = []
  for await (const b of r) blocks.push(b)
  return { roots: r.header.roots, blocks }
}

function sameBlocks(a: Block[], b: Block[]): void {
  assert.equal(a.length, b.length)
  a.forEach((x, i) => {
    assert.ok(x.cid.equals(b[i]!.cid), `cid ${i}`)
    assert.ok(bytesEqual(x.bytes, b[i]!.bytes), `bytes ${i}`)
  })
}

test('our CAR equals @ipld/car byte for byte, and @ipld/car reads it back', async () => {
  const blocks = sampleBlocks()
  const roots = [blocks[0]!.cid, blocks[1]!.cid]
  const ours = await ourCar(roots, blocks)
  assert.ok(bytesEqual(ours, await ipldCar(roots, blocks)))
  const it = await CarBlockIterator.fromIterable(Readable.from([ours]))
  assert.deepEqual((await it.getRoots()).map(String), roots.map(String))
  const theirs: Block[] = []
  for await (const b of it) theirs.push({ cid: CID.asCID(b.cid)!, bytes: b.bytes })
  sameBlocks(theirs, blocks)
})

test('we read a CAR written by @ipld/car, fed in odd-sized pieces, with verification', async () => {
  const blocks = sampleBlocks()
  const roots = [blocks[2]!.cid]
  const car = await ipldCar(roots, blocks)
  for (const seed of [1, 2, 3]) {
    const got = await readAll(pieces(car, seed), { verify: true })
    assert.deepEqual(got.roots.map(String), roots.map(String))
    sameBlocks(got.blocks, blocks)
  }
})

test('file round trip: CarWriter.toStream into a file, CarReader.openFile; carChunks through a pipeline', async () => {
  const blocks = sampleBlocks()
  const roots = [blocks[0]!.cid]
  const a = join(dir, 'a.car')
  const stream = createWriteStream(a)
  const w = CarWriter.toStream(stream, roots, { chunkBytes: 1024 })
  for (const b of blocks) await w.put(b)
  await w.close()
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())))
  const r = await CarReader.openFile(a, { verify: true })
  const got: Block[] = []
  for await (const b of r) got.push(b)
  sameBlocks(got, blocks)
  const b = join(dir, 'b.car')
  await pipeline(Readable.from(carChunks(roots, blocks)), createWriteStream(b))
  sameBlocks((await readAll((await import('node:fs')).createReadStream(b))).blocks, blocks)
})

test('verify catches a block whose bytes do not match its CID', async () => {
  const blocks = sampleBlocks().slice(0, 3)
  const tampered = blocks.map((b, i) => (i === 1 ? { cid: b.cid, bytes: encodeCbor(['tampered']) } : b))
  const car = await ourCar([], tampered)
  assert.equal((await readAll([car])).blocks.length, 3)
  await assert.rejects(readAll([car], { verify: true }), DecodeError)
})

test('header checks', async () => {
  const header = (v: unknown) => {
    const body = encodeCbor(v as never)
    return concatBytes(encodeUvarint(body.length), body)
  }
  const cid = encodeWithCid([1]).cid
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /empty/],
    [new Uint8Array([0]), /header length is zero/],
    [header({ roots: [cid], version: 2 }), /version 2 is not supported/],
    [header({ version: 1 }), /roots is missing/],
    [header({ roots: [1], version: 1 }), /roots\[0\] is not a CID/],
    [header({ roots: [], version: 1, extra: 1 }), /unexpected field "extra"/],
    [header([cid]), /expected a map/],
    [encodeCarHeader([cid]).subarray(0, 10), /truncated inside the \d+-byte header/],
    [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]), /exceeds the \d+-byte limit/],
  ]
  for (const [bytes, msg] of cases) {
    await assert.rejects(readAll([bytes]), (e: unknown) => e instanceof DecodeError && msg.test(e.message), String(msg))
  }
  const ok = await readAll([header({ roots: [], version: 1 })])
  assert.deepEqual(ok, { roots: [], blocks: [] })
})

test('section checks: size limit, zero length, bad CID, non-minimal varint, non-bytes chunks', async () => {
  const head = encodeCarHeader([])
  const block = encodeWithCid(['x'])
  const cases: [Uint8Array[] | unknown[], RegExp, CarReadOptions?][] = [
    [[head, encodeCarSection(block.cid, new Uint8Array(100))], /over the 64-byte limit/, { maxSectionBytes: 64 }],
    [[head, new Uint8Array([0])], /length zero/],
    [[head, new Uint8Array([3, 0x01, 0x71, 0xff])], /invalid CID/],
    [[head, new Uint8Array([0x85, 0x00])], /not minimally encoded/],
    [[head, new Uint8Array([0x85])], /truncated inside the section length/],
    [[head, 'text'], /other than bytes/],
  ]
  for (const [chunks, msg, opts] of cases) {
    await assert.rejects(
      readAll(chunks as Uint8Array[], opts),
      (e: unknown) => e instanceof DecodeError && msg.test(e.message),
      String(msg),
    )
  }
})

test('every truncation of a CAR is a DecodeError or a clean stop at a section boundary', async () => {
  const blocks = sampleBlocks().slice(0, 6)
  const car = await ourCar([blocks[0]!.cid], blocks)
  const boundaries = new Set<number>()
  let at = encodeCarHeader([blocks[0]!.cid]).length
  boundaries.add(at)
  for (const b of blocks) boundaries.add((at += encodeCarSection(b.cid, b.bytes).length))
  for (let n = 0; n < car.length; n++) {
    const cut = car.subarray(0, n)
    try {
      const got = await readAll(pieces(cut, n, 13))
      assert.ok(boundaries.has(n), `prefix ${n} parsed but is not a section boundary`)
      sameBlocks(got.blocks, blocks.slice(0, got.blocks.length))
    } catch (err) {
      assert.ok(err instanceof DecodeError, `prefix ${n}: ${(err as Error).message}`)
    }
  }
})

test('random garbage is a DecodeError, never a hang or an untyped error', async () => {
  const rnd = prng(99)
  const head = encodeCarHeader([])
  for (let i = 0; i < 300; i++) {
    const junk = rnd.bytes(1 + rnd.int(200))
    for (const input of [junk, concatBytes(head, junk)]) {
      try {
        await readAll(pieces(input, i, 7), { verify: true })
      } catch (err) {
        assert.ok(err instanceof DecodeError || (err as { code?: string }).code === 'ERR_INVALID', String(err))
      }
    }
  }
})

test('a source that fails (missing file) is a storage error', async () => {
  await assert.rejects(
    CarReader.openFile(join(dir, 'missing.car')),
    (e: unknown) => e instanceof LotusError && e.code === ErrorCode.Storage && /ENOENT/.test(e.message),
  )
})
