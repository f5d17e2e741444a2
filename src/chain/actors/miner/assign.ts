/**
 * Places newly activated sectors in deadlines and partitions (`builtin-actors:actors/miner/src/
 * deadline_assignment.rs`, without the max-partitions limit): each sector goes to the mutable deadline that
 * ends with the fewest partitions (after compaction, then before), preferring a non-full partition (the
 * fullest), then fewer live sectors, then the lowest index; it fills the deadline's last partition before
 * opening a new one. A deadline is mutable unless its next challenge window opens within one window.
 */
import { BitField } from '../../../crypto/bitfield.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import { newDeadlineInfo, nextNotElapsed } from './deadline-info.ts'
import { addSectors, emptyPartition } from './partition.ts'
import type { MinerPolicy } from './policy.ts'
import { type Deadline, DeadlinesCodec, type MinerState, type Partition } from './state.ts'
import { loadDeadline, loadDeadlines, loadPartitions, putBlock, storeDeadline, storePartitions } from './store.ts'

export function deadlineIsMutable(p: MinerPolicy, periodStart: number, index: number, epoch: number): boolean {
  const info = nextNotElapsed(p, newDeadlineInfo(p, periodStart, index, epoch))
  return epoch < info.open - p.wpostChallengeWindow
}

interface Slot {
  index: number
  live: number
  total: number
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b)

/** builtin-actors' deadline order: negative when `a` should take the next sector. */
function compareSlots(a: Slot, b: Slot, size: number): number {
  const aFull = a.total % size === 0
  const bFull = b.total % size === 0
  return (
    ceilDiv(a.live + 1, size) - ceilDiv(b.live + 1, size) ||
    ceilDiv(a.total + 1, size) - ceilDiv(b.total + 1, size) ||
    Number(aFull) - Number(bFull) ||
    (!aFull && !bFull ? b.total - a.total : 0) ||
    a.live - b.live ||
    a.index - b.index
  )
}

export async function assignSectorsToDeadlines(
  bs: Blockstore,
  policy: MinerPolicy,
  st: MinerState,
  epoch: number,
  sectorNumbers: readonly number[],
  partitionSize: number,
  sectorSize: bigint,
): Promise<void> {
  const dls = await loadDeadlines(bs, st.deadlines)
  const touched = new Map<number, { dl: Deadline; parts: Map<number, Partition>; changed: Map<number, Partition> }>()
  const candidates: Slot[] = []
  for (let i = 0; i < dls.due.length; i++) {
    const dl = await loadDeadline(bs, dls, i)
    touched.set(i, { dl, parts: new Map(), changed: new Map() })
    if (deadlineIsMutable(policy, st.provingPeriodStart, i, epoch))
      candidates.push({ index: i, live: Number(dl.liveSectors), total: Number(dl.totalSectors) })
  }
  const loaded = new Set<number>()
  for (const n of [...sectorNumbers].sort((x, y) => x - y)) {
    const slot = candidates.reduce<Slot | undefined>(
      (best, c) => (best === undefined || compareSlots(c, best, partitionSize) < 0 ? c : best),
      undefined,
    )
    if (!slot) throw actorErrors.illegalState('no mutable deadline to assign sectors to')
    const best = slot.index
    const t = touched.get(best)!
    if (!loaded.has(best)) {
      t.parts = await loadPartitions(bs, t.dl)
      loaded.add(best)
    }
    let pi = t.parts.size - 1
    let part = t.parts.get(pi)
    if (!part || part.sectors.count >= partitionSize) {
      pi = t.parts.size
      part = emptyPartition()
      t.parts.set(pi, part)
    }
    addSectors(part, BitField.fromSet([n]), sectorSize)
    t.changed.set(pi, part)
    t.dl.liveSectors += 1n
    t.dl.totalSectors += 1n
    slot.live += 1
    slot.total += 1
  }
  for (const i of loaded) {
    const t = touched.get(i)!
    await storePartitions(bs, t.dl, t.changed)
    await storeDeadline(bs, dls, i, t.dl)
  }
  st.deadlines = await putBlock(bs, DeadlinesCodec, dls)
}
