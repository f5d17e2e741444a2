/**
 * The power actor's cron event queue: a HAMT from epoch to an AMT (v3) of the CronEvents due then
 * (builtin-actors `Multimap`). Miners enroll callbacks; OnEpochTickEnd pops every epoch up to the current.
 */
import { encodeUvarint } from '../../../util/varint.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'
import { Amt } from '../../../ipld/amt/amt.ts'
import { Hamt } from '../../../ipld/hamt/hamt.ts'
import { asCid } from '../../../core/cbor/read.ts'
import {
  CRON_QUEUE_AMT_BIT_WIDTH,
  CRON_QUEUE_HAMT_BIT_WIDTH,
  type CronEvent,
  CronEventCodec,
  type PowerState,
} from './state.ts'

const amtOpts = { version: 3, bitWidth: CRON_QUEUE_AMT_BIT_WIDTH } as const
const hamtOpts = { bitWidth: CRON_QUEUE_HAMT_BIT_WIDTH }
/** The queue key of an epoch: its zigzag varint (builtin-actors `epoch_key`; 101 -> ca 01, -1 -> 01). */
export const epochKey = (epoch: bigint): Uint8Array => encodeUvarint(epoch >= 0n ? epoch << 1n : (-epoch << 1n) - 1n)

/** An empty queue's root. */
export function emptyCronQueue(bs: Blockstore) {
  return Hamt.create(bs, hamtOpts).flush()
}

/** Queues `event` at `epoch`; updates `st.cronEventQueue` and `st.firstCronEpoch`. */
export async function enrollCronEvent(bs: Blockstore, st: PowerState, epoch: bigint, event: CronEvent): Promise<void> {
  const queue = await Hamt.load(bs, st.cronEventQueue, hamtOpts)
  const root = await queue.get(epochKey(epoch))
  const events = root === undefined ? Amt.create(bs, amtOpts) : await Amt.load(bs, asCid(root, 'cron queue'), amtOpts)
  await events.set(events.length, CronEventCodec.toCbor(event))
  await queue.set(epochKey(epoch), await events.flush())
  st.cronEventQueue = await queue.flush()
  if (epoch < st.firstCronEpoch) st.firstCronEpoch = epoch
}

/** Removes and returns every event due at or before `epoch`, oldest first; moves `firstCronEpoch` past it. */
export async function popCronEvents(bs: Blockstore, st: PowerState, epoch: bigint): Promise<CronEvent[]> {
  const queue = await Hamt.load(bs, st.cronEventQueue, hamtOpts)
  const out: CronEvent[] = []
  for (let e = st.firstCronEpoch; e <= epoch; e++) {
    const root = await queue.get(epochKey(e))
    if (root === undefined) continue
    const events = await Amt.load(bs, asCid(root, 'cron queue'), amtOpts)
    for await (const [, v] of events.entries()) out.push(CronEventCodec.fromCbor(v, 'CronEvent'))
    await queue.delete(epochKey(e))
  }
  st.cronEventQueue = await queue.flush()
  if (st.firstCronEpoch <= epoch) st.firstCronEpoch = epoch + 1n
  return out
}
