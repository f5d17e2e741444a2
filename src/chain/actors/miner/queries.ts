/**
 * Read-only views of a miner's state for the API (Lotus StateMinerInfo, StateMinerProvingDeadline,
 * StateMinerDeadlines, StateMinerPartitions, StateSectorGetInfo, StateMinerSectorCount, ...). Each takes
 * the blockstore and the miner's state head.
 */
import type { CID } from '../../../core/cid.ts'
import type { BitField } from '../../../crypto/bitfield.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'
import { Amt } from '../../../ipld/amt/amt.ts'
import { type DeadlineInfo, deadlineInfoAt, nextNotElapsed } from './deadline-info.ts'
import { type MinerInfo, MinerInfoCodec } from './info.ts'
import { activeSectors, liveSectors } from './partition.ts'
import { DEVNET_MINER_POLICY, type MinerPolicy } from './policy.ts'
import { type SectorOnChainInfo, SectorOnChainInfoCodec, type SectorPreCommitOnChainInfo } from './sector-info.ts'
import { type MinerState, MinerStateCodec, type PowerPair } from './state.ts'
import {
  getBlock,
  getPreCommit,
  getSector,
  loadDeadline,
  loadDeadlines,
  loadPartitions,
  SECTORS_AMT_BIT_WIDTH,
} from './store.ts'

export const minerState = (bs: Blockstore, head: CID): Promise<MinerState> => getBlock(bs, MinerStateCodec, head)

export async function minerInfo(bs: Blockstore, head: CID): Promise<MinerInfo> {
  return getBlock(bs, MinerInfoCodec, (await minerState(bs, head)).info)
}

/** The deadline open at `epoch` (Lotus StateMinerProvingDeadline; `dline.Info`). */
export async function provingDeadline(
  bs: Blockstore,
  head: CID,
  epoch: number,
  policy: MinerPolicy = DEVNET_MINER_POLICY,
): Promise<DeadlineInfo> {
  const st = await minerState(bs, head)
  return nextNotElapsed(policy, deadlineInfoAt(policy, st.provingPeriodStart, epoch))
}

export interface PartitionView {
  allSectors: BitField
  faultySectors: BitField
  recoveringSectors: BitField
  liveSectors: BitField
  activeSectors: BitField
  unprovenSectors: BitField
}

export interface DeadlineView {
  postSubmissions: BitField
  liveSectors: bigint
  totalSectors: bigint
  faultyPower: PowerPair
  partitions: PartitionView[]
}

/** Every deadline with its partitions (StateMinerDeadlines + StateMinerPartitions). */
export async function deadlines(bs: Blockstore, head: CID): Promise<DeadlineView[]> {
  const st = await minerState(bs, head)
  const dls = await loadDeadlines(bs, st.deadlines)
  const out: DeadlineView[] = []
  for (let i = 0; i < dls.due.length; i++) {
    const dl = await loadDeadline(bs, dls, i)
    const parts = [...(await loadPartitions(bs, dl)).entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, p]) => ({
        allSectors: p.sectors,
        faultySectors: p.faults,
        recoveringSectors: p.recoveries,
        liveSectors: liveSectors(p),
        activeSectors: activeSectors(p),
        unprovenSectors: p.unproven,
      }))
    out.push({
      postSubmissions: dl.partitionsPoSted,
      liveSectors: dl.liveSectors,
      totalSectors: dl.totalSectors,
      faultyPower: dl.faultyPower,
      partitions: parts,
    })
  }
  return out
}

/**
 * The balance a miner could withdraw at `epoch` (Lotus StateMinerAvailableBalance): its actor balance less
 * still-vesting funds, precommit deposits, initial pledge and fee debt.
 */
export async function availableBalanceAt(bs: Blockstore, head: CID, balance: bigint, epoch: number): Promise<bigint> {
  const st = await minerState(bs, head)
  const vested = st.vestingFunds.filter((v) => v.epoch <= epoch).reduce((s, v) => s + v.amount, 0n)
  return balance - (st.lockedFunds - vested) - st.preCommitDeposits - st.initialPledge - st.feeDebt
}

export async function sectorInfo(bs: Blockstore, head: CID, n: number): Promise<SectorOnChainInfo | undefined> {
  return getSector(bs, (await minerState(bs, head)).sectors, n)
}

export async function preCommitInfo(
  bs: Blockstore,
  head: CID,
  n: number,
): Promise<SectorPreCommitOnChainInfo | undefined> {
  return getPreCommit(bs, (await minerState(bs, head)).preCommittedSectors, n)
}

/** Every proven sector, in number order (StateMinerSectors). */
export async function sectors(bs: Blockstore, head: CID): Promise<SectorOnChainInfo[]> {
  const a = await Amt.load(bs, (await minerState(bs, head)).sectors, { bitWidth: SECTORS_AMT_BIT_WIDTH })
  const out: SectorOnChainInfo[] = []
  for await (const [, v] of a.entries()) out.push(SectorOnChainInfoCodec.fromCbor(v))
  return out
}

/** Live, active and faulty sector counts (StateMinerSectorCount). */
export async function sectorCount(
  bs: Blockstore,
  head: CID,
): Promise<{ live: number; active: number; faulty: number }> {
  let live = 0
  let active = 0
  let faulty = 0
  for (const dl of await deadlines(bs, head))
    for (const p of dl.partitions) {
      live += p.liveSectors.count
      active += p.activeSectors.count
      faulty += p.faultySectors.count
    }
  return { live, active, faulty }
}
