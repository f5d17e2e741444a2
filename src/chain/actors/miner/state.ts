/**
 * The storage miner's state, Filecoin-shaped (`builtin-actors:actors/miner/src/state.rs`, deadline_state.rs,
 * partition_state.rs) but simplified where this VM does not need the detail:
 * - State keeps builtin-actors' field order; VestingFunds is an inline list of `[Epoch, Amount]`.
 * - Deadlines is a CID of `[[48 Deadline CIDs]]`; a Deadline is `[Partitions AMT, PartitionsPoSted bf,
 *   LiveSectors, TotalSectors, FaultyPower]`; a Partition is `[Sectors, Unproven, Faults, Recoveries,
 *   Terminated, LivePower, UnprovenPower, FaultyPower, RecoveringPower]` (no expiration queues: the
 *   deadline cron finds expired sectors by reading the partition's live sectors).
 */
import type { Address } from '../../../core/address.ts'
import { BigIntCodec } from '../../../core/bigint.ts'
import type { CID } from '../../../core/cid.ts'
import { Bool, type Codec, Cid, listOf, U64, Uint } from '../../../core/codec.ts'
import { Epoch } from '../../../core/ints.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type BitField, BitFieldCodec } from '../../../crypto/bitfield.ts'

/** Raw and quality-adjusted power `[Raw, QA]`. */
export interface PowerPair {
  raw: bigint
  qa: bigint
}
export const PowerPairCodec: Codec<PowerPair> = tupleCodec<PowerPair>('PowerPair', {
  raw: ['Raw', BigIntCodec],
  qa: ['QA', BigIntCodec],
})
export const ZERO_POWER: PowerPair = { raw: 0n, qa: 0n }
export const addPower = (a: PowerPair, b: PowerPair): PowerPair => ({ raw: a.raw + b.raw, qa: a.qa + b.qa })
export const subPower = (a: PowerPair, b: PowerPair): PowerPair => ({ raw: a.raw - b.raw, qa: a.qa - b.qa })
export const negPower = (a: PowerPair): PowerPair => ({ raw: -a.raw, qa: -a.qa })
export const isZeroPower = (a: PowerPair): boolean => a.raw === 0n && a.qa === 0n

export interface Partition {
  /** Every sector in the partition (live, faulty, unproven, terminated). */
  sectors: BitField
  /** Sectors not yet proven by a WindowPoSt: no power yet. */
  unproven: BitField
  faults: BitField
  /** Faulty sectors declared recovered, to be proven by the next PoSt. */
  recoveries: BitField
  terminated: BitField
  livePower: PowerPair
  unprovenPower: PowerPair
  faultyPower: PowerPair
  recoveringPower: PowerPair
}
export const PartitionCodec: Codec<Partition> = tupleCodec<Partition>('Partition', {
  sectors: ['Sectors', BitFieldCodec],
  unproven: ['Unproven', BitFieldCodec],
  faults: ['Faults', BitFieldCodec],
  recoveries: ['Recoveries', BitFieldCodec],
  terminated: ['Terminated', BitFieldCodec],
  livePower: ['LivePower', PowerPairCodec],
  unprovenPower: ['UnprovenPower', PowerPairCodec],
  faultyPower: ['FaultyPower', PowerPairCodec],
  recoveringPower: ['RecoveringPower', PowerPairCodec],
})

export interface Deadline {
  /** AMT (bit width 3) of Partition, by index. */
  partitions: CID
  /** Partitions proven in the current challenge window. */
  partitionsPoSted: BitField
  liveSectors: bigint
  totalSectors: bigint
  faultyPower: PowerPair
}
export const DeadlineCodec: Codec<Deadline> = tupleCodec<Deadline>('Deadline', {
  partitions: ['Partitions', Cid],
  partitionsPoSted: ['PartitionsPoSted', BitFieldCodec],
  liveSectors: ['LiveSectors', U64],
  totalSectors: ['TotalSectors', U64],
  faultyPower: ['FaultyPower', PowerPairCodec],
})

/** `Deadlines` `[[Due...]]`: one Deadline CID per deadline of the proving period. */
export interface Deadlines {
  due: CID[]
}
export const DeadlinesCodec: Codec<Deadlines> = tupleCodec<Deadlines>('Deadlines', { due: ['Due', listOf(Cid)] })

/** One vesting entry `[Epoch, Amount]`: `amount` unlocks at `epoch`. */
export interface VestingFund {
  epoch: number
  amount: bigint
}
const VestingFundCodec: Codec<VestingFund> = tupleCodec<VestingFund>('VestingFund', {
  epoch: ['Epoch', Epoch],
  amount: ['Amount', BigIntCodec],
})

export interface MinerState {
  /** CID of MinerInfo. */
  info: CID
  preCommitDeposits: bigint
  lockedFunds: bigint
  /** Sorted by epoch; sums to lockedFunds. */
  vestingFunds: VestingFund[]
  feeDebt: bigint
  initialPledge: bigint
  /** HAMT (bit width 5) sector number (unsigned varint key) -> SectorPreCommitOnChainInfo. */
  preCommittedSectors: CID
  /** AMT (bit width 6) epoch -> BitField of precommits to clean up then. */
  preCommittedSectorsCleanUp: CID
  allocatedSectors: BitField
  /** AMT (bit width 5) sector number -> SectorOnChainInfo. */
  sectors: CID
  provingPeriodStart: number
  currentDeadline: number
  deadlines: CID
  earlyTerminations: BitField
  deadlineCronActive: boolean
}
export const MinerStateCodec: Codec<MinerState> = tupleCodec<MinerState>('MinerState', {
  info: ['Info', Cid],
  preCommitDeposits: ['PreCommitDeposits', BigIntCodec],
  lockedFunds: ['LockedFunds', BigIntCodec],
  vestingFunds: ['VestingFunds', listOf(VestingFundCodec)],
  feeDebt: ['FeeDebt', BigIntCodec],
  initialPledge: ['InitialPledge', BigIntCodec],
  preCommittedSectors: ['PreCommittedSectors', Cid],
  preCommittedSectorsCleanUp: ['PreCommittedSectorsCleanUp', Cid],
  allocatedSectors: ['AllocatedSectors', BitFieldCodec],
  sectors: ['Sectors', Cid],
  provingPeriodStart: ['ProvingPeriodStart', Epoch],
  currentDeadline: ['CurrentDeadline', Uint],
  deadlines: ['Deadlines', Cid],
  earlyTerminations: ['EarlyTerminations', BitFieldCodec],
  deadlineCronActive: ['DeadlineCronActive', Bool],
})

/** Balance not locked, deposited or owed (`State::get_available_balance`); may be negative (IP debt). */
export function availableBalance(st: MinerState, balance: bigint): bigint {
  return balance - st.lockedFunds - st.preCommitDeposits - st.initialPledge - st.feeDebt
}

/** The ID addresses allowed to act for the miner: owner, worker and control addresses. */
export function controlling(info: { owner: Address; worker: Address; controlAddresses: Address[] }): Address[] {
  return [info.owner, info.worker, ...info.controlAddresses]
}
