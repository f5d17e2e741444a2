/**
 * Places newly activated sectors in deadlines and partitions (after `builtin-actors:actors/miner/src/
 * deadline_assignment.rs`, simplified): each sector goes to the mutable deadline holding the fewest
 * sectors (lowest index on ties), filling its last partition before opening a new one. A deadline is
 * mutable unless its next challenge window opens within one window from now.
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
  const counts: number[] = []
  for (let i = 0; i < dls.due.length; i++) {
    const dl = await loadDeadline(bs, dls, i)
    counts.push(deadlineIsMutable(policy, st.provingPeriodStart, i, epoch) ? Number(dl.totalSectors) : -1)
    touched.set(i, { dl, parts: new Map(), changed: new Map() })
  }
  const loaded = new Set<number>()
  for (const n of sectorNumbers) {
    let best = -1
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!
      if (c >= 0 && (best < 0 || c < counts[best]!)) best = i
    }
    if (best < 0) throw actorErrors.illegalState('no mutable deadline to assign sectors to')
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
    counts[best] = counts[best]! + 1
  }
  for (const i of loaded) {
    const t = touched.get(i)!
    await storePartitions(bs, t.dl, t.changed)
    await storeDeadline(bs, dls, i, t.dl)
  }
  st.deadlines = await putBlock(bs, DeadlinesCodec, dls)
}
