/**
 * The genesis CAR (`lotus:node/modules/testing/genesis.go` MakeGenesis): root = the genesis block CID, then
 * every block reachable from it (header, state tree, actor states, message roots, the fixed parent),
 * breadth-first, each once. Loading reads a CAR into a blockstore and returns the genesis header.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { type BlockHeader, BlockHeaderCodec } from '../../core/block-header.ts'
import type { CborValue } from '../../core/cbor/index.ts'
import { decodeCbor } from '../../core/cbor/index.ts'
import { type CID, DAG_CBOR } from '../../core/cid.ts'
import { decode } from '../../core/codec.ts'
import { type Blockstore, getOrThrow } from '../../ipld/blockstore.ts'
import { CarReader } from '../../ipld/car/reader.ts'
import { CarWriter } from '../../ipld/car/writer.ts'
import { InvalidError } from '../../util/errors.ts'
import { FILECOIN_GENESIS_PARENT_CID } from './genblock.ts'
import { CID as MfCid } from 'multiformats/cid'

function collectLinks(v: CborValue, out: CID[]): void {
  const c = MfCid.asCID(v)
  if (c) {
    out.push(c)
    return
  }
  if (Array.isArray(v)) for (const x of v) collectLinks(x, out)
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array))
    for (const x of Object.values(v as Record<string, CborValue>)) collectLinks(x, out)
}

/** fil-commitment-unsealed and fil-commitment-sealed. */
const SECTOR_COMMITMENT_CODECS = new Set([0xf101, 0xf102])

/** Every block reachable from `root` in `store`, breadth-first, each once (DAG-CBOR links followed). */
export async function* walkDag(store: Blockstore, root: CID): AsyncGenerator<{ cid: CID; bytes: Uint8Array }> {
  const seen = new Set<string>([root.toString()])
  const queue: CID[] = [root]
  for (let i = 0; i < queue.length; i++) {
    const cid = queue[i]!
    const bytes = await getOrThrow(store, cid)
    yield { cid, bytes }
    // The fixed genesis parent is a non-canonical CBOR map without links.
    if (cid.code !== DAG_CBOR || cid.equals(FILECOIN_GENESIS_PARENT_CID)) continue
    const links: CID[] = []
    collectLinks(decodeCbor(bytes), links)
    for (const l of links) {
      const k = l.toString()
      // Identity CIDs carry their data inline and sector commitments (CommR, CommD) name sector data,
      // not blocks: nothing to store.
      if (l.multihash.code === 0 || SECTOR_COMMITMENT_CODECS.has(l.code) || seen.has(k)) continue
      seen.add(k)
      queue.push(l)
    }
  }
}

/** Writes the DAG under the genesis block to a CAR file at `path`. */
export async function writeGenesisCar(store: Blockstore, genesis: CID, path: string): Promise<void> {
  const out = createWriteStream(path)
  const w = CarWriter.toStream(out, [genesis])
  for await (const b of walkDag(store, genesis)) await w.put(b)
  await w.close()
  out.end()
  await once(out, 'finish')
}

/** Reads a genesis CAR into `store`; returns the genesis header (the CAR's single root) and its CID. */
export async function loadGenesisCar(path: string, store: Blockstore): Promise<{ header: BlockHeader; cid: CID }> {
  const car = await CarReader.openFile(path)
  const roots = car.header.roots
  if (roots.length !== 1) throw new InvalidError(`genesis CAR ${path}: expected 1 root, found ${roots.length}`)
  for await (const b of car.blocks()) await store.put(b.cid, b.bytes)
  const cid = roots[0]!
  const header = decode(BlockHeaderCodec, await getOrThrow(store, cid))
  if (header.height !== 0) throw new InvalidError(`genesis CAR ${path}: root block has height ${header.height}, not 0`)
  return { header, cid }
}
