/**
 * The Blockstore: content-addressed blocks keyed by CID. Every IPLD structure (AMT, HAMT, CAR import,
 * the chain store) reads and writes through this interface; the memory store serves tests, the LMDB
 * store serves the daemon.
 */
import { decodeCbor } from '../core/cbor/decode.ts'
import { encodeCbor } from '../core/cbor/encode.ts'
import type { CborValue } from '../core/cbor/value.ts'
import { type CID, cidOfBytes } from '../core/cid.ts'
import { NotFoundError } from '../util/errors.ts'

/** A block: its CID and the bytes the CID names. */
export interface Block {
  cid: CID
  bytes: Uint8Array
}

export interface Blockstore {
  /** The block's bytes, or undefined when the store does not hold it. */
  get(cid: CID): Promise<Uint8Array | undefined>
  /** Stores a block. The caller vouches that `bytes` hash to `cid`; storing a block twice is harmless. */
  put(cid: CID, bytes: Uint8Array): Promise<void>
  has(cid: CID): Promise<boolean>
  /** Stores many blocks at once (one transaction where the store has them). */
  putMany?(blocks: Iterable<Block>): Promise<void>
  /** Removes a block; absent blocks are ignored. */
  delete?(cid: CID): Promise<void>
}

/** Gets a block or throws a NotFoundError naming the CID. */
export async function getOrThrow(bs: Blockstore, cid: CID): Promise<Uint8Array> {
  const bytes = await bs.get(cid)
  if (bytes === undefined) throw new NotFoundError(`block ${cid} not found in the blockstore`)
  return bytes
}

/** Stores many blocks, batched when the store supports it. */
export async function putBlocks(bs: Blockstore, blocks: Block[]): Promise<void> {
  if (blocks.length === 0) return
  if (bs.putMany) return bs.putMany(blocks)
  await Promise.all(blocks.map((b) => bs.put(b.cid, b.bytes)))
}

/** Encodes a value as DAG-CBOR, stores it under its blake2b-256 CID and returns the CID. */
export async function putCbor(bs: Blockstore, value: CborValue): Promise<CID> {
  const bytes = encodeCbor(value)
  const cid = cidOfBytes(bytes)
  await bs.put(cid, bytes)
  return cid
}

/** Loads and decodes a DAG-CBOR block (NotFoundError when absent, DecodeError when malformed). */
export async function getCbor(bs: Blockstore, cid: CID): Promise<CborValue> {
  return decodeCbor(await getOrThrow(bs, cid))
}
