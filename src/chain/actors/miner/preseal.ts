/**
 * Genesis pre-sealed sectors (Lotus `chain/gen/genesis/miners.go` activates them without proofs): writes
 * proven, active sectors straight into a miner's state, assigned to deadlines as prove-commit would, and
 * turns on the deadline cron. The caller (the genesis builder) then adds the returned power to the miner's
 * claim and the pledge to Power's total, and enrols `deadlineCronEpoch` in Power's cron queue.
 */
import type { CID } from '../../../core/cid.ts'
import { BitField } from '../../../crypto/bitfield.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'
import { InvalidError } from '../../../util/errors.ts'
import { assignSectorsToDeadlines } from './assign.ts'
import { deadlineInfoAt, lastEpoch } from './deadline-info.ts'
import { type MinerInfo, MinerInfoCodec } from './info.ts'
import { powerOf } from './partition.ts'
import type { MinerPolicy } from './policy.ts'
import { SIMPLE_QA_POWER, type SectorOnChainInfo } from './sector-info.ts'
import { addPower, DeadlinesCodec, type MinerState, type PowerPair, subPower, ZERO_POWER } from './state.ts'
import {
  getBlock,
  loadDeadline,
  loadDeadlines,
  loadPartitions,
  putBlock,
  putSectors,
  storeDeadline,
  storePartitions,
} from './store.ts'

export interface PresealSector {
  sectorNumber: number
  sealProof: number
  sealedCid: CID
  /** Epoch the sector expires. */
  expiration: number
  /** attoFIL locked as its initial pledge (taken from the miner's balance, which must cover it). */
  initialPledge: bigint
}

export interface PresealResult {
  /** Power to add to the miner's claim. */
  power: PowerPair
  /** Pledge to add to Power's total. */
  pledge: bigint
  /** The epoch at which to enrol the miner's first deadline cron event. */
  deadlineCronEpoch: number
}

/** Activates `sectors` in `st` (changed in place) at `epoch`. */
export async function activatePresealedSectors(
  bs: Blockstore,
  policy: MinerPolicy,
  st: MinerState,
  sectors: readonly PresealSector[],
  epoch: number,
): Promise<PresealResult> {
  const info: MinerInfo = await getBlock(bs, MinerInfoCodec, st.info)
  const numbers = BitField.fromSet(sectors.map((s) => s.sectorNumber))
  if (numbers.count !== sectors.length) throw new InvalidError('preseal: duplicate sector numbers')
  const dup = st.allocatedSectors.intersect(numbers)
  if (!dup.isEmpty) throw new InvalidError(`preseal: sector numbers already allocated: ${dup.toArray(16).join(', ')}`)
  const infos: SectorOnChainInfo[] = sectors.map((s) => ({
    sectorNumber: s.sectorNumber,
    sealProof: s.sealProof,
    sealedCid: s.sealedCid,
    dealIds: [],
    activation: epoch,
    expiration: s.expiration,
    dealWeight: 0n,
    verifiedDealWeight: 0n,
    initialPledge: s.initialPledge,
    expectedDayReward: null,
    expectedStoragePledge: null,
    powerBaseEpoch: epoch,
    replacedDayReward: null,
    sectorKeyCid: null,
    flags: SIMPLE_QA_POWER,
    dailyFee: 0n,
  }))
  const pledge = sectors.reduce((sum, s) => sum + s.initialPledge, 0n)
  st.allocatedSectors = st.allocatedSectors.union(numbers)
  st.sectors = await putSectors(bs, st.sectors, infos)
  st.initialPledge += pledge
  await assignSectorsToDeadlines(
    bs,
    policy,
    st,
    epoch,
    infos.map((s) => s.sectorNumber),
    Number(info.windowPoStPartitionSectors),
    info.sectorSize,
  )
  // Pre-sealed sectors count as proven: their power is active from genesis.
  let power = ZERO_POWER
  const dls = await loadDeadlines(bs, st.deadlines)
  for (let i = 0; i < dls.due.length; i++) {
    const dl = await loadDeadline(bs, dls, i)
    const parts = await loadPartitions(bs, dl)
    const changed = new Map([...parts].filter(([, p]) => !p.unproven.intersect(numbers).isEmpty))
    if (changed.size === 0) continue
    for (const p of changed.values()) {
      const mine = p.unproven.intersect(numbers)
      const pw = powerOf(mine, info.sectorSize)
      p.unproven = p.unproven.subtract(mine)
      p.unprovenPower = subPower(p.unprovenPower, pw)
      power = addPower(power, pw)
    }
    await storePartitions(bs, dl, changed)
    await storeDeadline(bs, dls, i, dl)
  }
  st.deadlines = await putBlock(bs, DeadlinesCodec, dls)
  st.deadlineCronActive = true
  return { power, pledge, deadlineCronEpoch: lastEpoch(deadlineInfoAt(policy, st.provingPeriodStart, epoch)) }
}
