/**
 * Typed access to the miner's collections: precommits (HAMT keyed by the sector number's varint), the
 * precommit cleanup queue (AMT epoch -> BitField), sectors (AMT), deadlines and their partitions (AMT).
 * Each helper loads, changes and flushes, returning the new root; callers write roots back into the state.
 */
import { decodeCbor } from '../../../core/cbor/decode.ts'
import type { CID } from '../../../core/cid.ts'
import type { Codec } from '../../../core/codec.ts'
import { BitField, BitFieldCodec } from '../../../crypto/bitfield.ts'
import { type Blockstore, getOrThrow, putCbor } from '../../../ipld/blockstore.ts'
import { Amt } from '../../../ipld/amt/amt.ts'
import { Hamt } from '../../../ipld/hamt/hamt.ts'
import { encodeUvarint } from '../../../util/varint.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import {
  type SectorOnChainInfo,
  SectorOnChainInfoCodec,
  type SectorPreCommitOnChainInfo,
  SectorPreCommitOnChainInfoCodec,
} from './sector-info.ts'
import {
  type Deadline,
  DeadlineCodec,
  type Deadlines,
  DeadlinesCodec,
  type Partition,
  PartitionCodec,
} from './state.ts'

export const PRECOMMIT_HAMT_BIT_WIDTH = 5
export const PRECOMMIT_EXPIRY_AMT_BIT_WIDTH = 6
export const SECTORS_AMT_BIT_WIDTH = 5
export const PARTITIONS_AMT_BIT_WIDTH = 3

export async function getBlock<T>(bs: Blockstore, codec: Codec<T>, cid: CID): Promise<T> {
  return codec.fromCbor(decodeCbor(await getOrThrow(bs, cid)))
}
export function putBlock<T>(bs: Blockstore, codec: Codec<T>, value: T): Promise<CID> {
  return putCbor(bs, codec.toCbor(value))
}

// --- precommits ---

export async function getPreCommit(
  bs: Blockstore,
  root: CID,
  n: number,
): Promise<SectorPreCommitOnChainInfo | undefined> {
  const h = await Hamt.load(bs, root, { bitWidth: PRECOMMIT_HAMT_BIT_WIDTH })
  const v = await h.get(encodeUvarint(n))
  return v === undefined ? undefined : SectorPreCommitOnChainInfoCodec.fromCbor(v)
}

/** Sets (value) or deletes (null) precommits; returns the new root. */
export async function updatePreCommits(
  bs: Blockstore,
  root: CID,
  changes: readonly (readonly [number, SectorPreCommitOnChainInfo | null])[],
): Promise<CID> {
  const h = await Hamt.load(bs, root, { bitWidth: PRECOMMIT_HAMT_BIT_WIDTH })
  for (const [n, v] of changes) {
    if (v === null) await h.delete(encodeUvarint(n))
    else await h.set(encodeUvarint(n), SectorPreCommitOnChainInfoCodec.toCbor(v))
  }
  return h.flush()
}

// --- bitfield queues (precommit cleanup) ---

/** Adds `sectors` at `epoch` in a BitFieldQueue AMT. */
export async function queueAdd(
  bs: Blockstore,
  root: CID,
  bitWidth: number,
  epoch: number,
  sectors: BitField,
): Promise<CID> {
  const a = await Amt.load(bs, root, { bitWidth })
  const v = await a.get(epoch)
  const prev = v === undefined ? BitField.empty : BitFieldCodec.fromCbor(v)
  await a.set(epoch, BitFieldCodec.toCbor(prev.union(sectors)))
  return a.flush()
}

/** Removes and returns every entry at or before `epoch`. */
export async function queuePopUntil(
  bs: Blockstore,
  root: CID,
  bitWidth: number,
  epoch: number,
): Promise<{ root: CID; popped: BitField }> {
  const a = await Amt.load(bs, root, { bitWidth })
  const found: [bigint, BitField][] = []
  for await (const [i, v] of a.entries()) {
    if (i > BigInt(epoch)) break
    found.push([i, BitFieldCodec.fromCbor(v)])
  }
  for (const [i] of found) await a.delete(i)
  return { root: await a.flush(), popped: BitField.unionAll(found.map(([, b]) => b)) }
}

// --- sectors ---

export async function getSector(bs: Blockstore, root: CID, n: number): Promise<SectorOnChainInfo | undefined> {
  const a = await Amt.load(bs, root, { bitWidth: SECTORS_AMT_BIT_WIDTH })
  const v = await a.get(n)
  return v === undefined ? undefined : SectorOnChainInfoCodec.fromCbor(v)
}

/** The sectors numbered in `bits`; fails naming a missing one. */
export async function getSectors(bs: Blockstore, root: CID, bits: BitField): Promise<SectorOnChainInfo[]> {
  const a = await Amt.load(bs, root, { bitWidth: SECTORS_AMT_BIT_WIDTH })
  const out: SectorOnChainInfo[] = []
  for (const n of bits.toArray()) {
    const v = await a.get(n)
    if (v === undefined) throw actorErrors.notFound(`sector ${n} not found`)
    out.push(SectorOnChainInfoCodec.fromCbor(v))
  }
  return out
}

export async function putSectors(bs: Blockstore, root: CID, sectors: readonly SectorOnChainInfo[]): Promise<CID> {
  const a = await Amt.load(bs, root, { bitWidth: SECTORS_AMT_BIT_WIDTH })
  for (const s of sectors) await a.set(s.sectorNumber, SectorOnChainInfoCodec.toCbor(s))
  return a.flush()
}

// --- deadlines and partitions ---

export const loadDeadlines = (bs: Blockstore, root: CID): Promise<Deadlines> => getBlock(bs, DeadlinesCodec, root)

export async function loadDeadline(bs: Blockstore, dls: Deadlines, index: number): Promise<Deadline> {
  const cid = dls.due[index]
  if (!cid) throw actorErrors.illegalArgument(`deadline ${index} out of range (0..${dls.due.length - 1})`)
  return getBlock(bs, DeadlineCodec, cid)
}

/** Stores `dl` as deadline `index` (changing `dls` in place). */
export async function storeDeadline(bs: Blockstore, dls: Deadlines, index: number, dl: Deadline): Promise<void> {
  dls.due[index] = await putBlock(bs, DeadlineCodec, dl)
}

export async function loadPartitions(bs: Blockstore, dl: Deadline): Promise<Map<number, Partition>> {
  const a = await Amt.load(bs, dl.partitions, { bitWidth: PARTITIONS_AMT_BIT_WIDTH })
  const out = new Map<number, Partition>()
  for await (const [i, v] of a.entries()) out.set(Number(i), PartitionCodec.fromCbor(v))
  return out
}

/** Writes changed partitions back into `dl.partitions`. */
export async function storePartitions(
  bs: Blockstore,
  dl: Deadline,
  parts: ReadonlyMap<number, Partition>,
): Promise<void> {
  const a = await Amt.load(bs, dl.partitions, { bitWidth: PARTITIONS_AMT_BIT_WIDTH })
  for (const [i, p] of parts) await a.set(i, PartitionCodec.toCbor(p))
  dl.partitions = await a.flush()
}

export function emptyAmt(bs: Blockstore, bitWidth: number): Promise<CID> {
  return Amt.create(bs, { bitWidth }).flush()
}
export function emptyHamt(bs: Blockstore, bitWidth: number): Promise<CID> {
  return Hamt.create(bs, { bitWidth }).flush()
}
