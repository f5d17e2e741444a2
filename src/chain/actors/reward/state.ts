/**
 * The Reward actor's state — Filecoin-shaped but simplified (see schedule.ts): `[ThisEpochReward,
 * ThisEpochBaselinePower, Epoch, TotalStoragePowerReward, InitialEpochReward, HalvingEpochs,
 * NetworkRawPower]`. Its balance is the pool that block rewards come out of.
 */
import { BigIntCodec } from '../../../core/bigint.ts'
import { type Codec, I64 } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { epochReward, type RewardSchedule } from './schedule.ts'

export interface RewardState {
  /** attoFIL the winners of the current epoch share. */
  thisEpochReward: bigint
  thisEpochBaselinePower: bigint
  /** The epoch `thisEpochReward` is for. */
  epoch: bigint
  /** All block rewards paid so far (gas rewards excluded). */
  totalStoragePowerReward: bigint
  initialEpochReward: bigint
  halvingEpochs: bigint
  /** Raw power the power actor last reported. */
  networkRawPower: bigint
}

export const RewardStateCodec: Codec<RewardState> = tupleCodec<RewardState>('RewardState', {
  thisEpochReward: ['ThisEpochReward', BigIntCodec],
  thisEpochBaselinePower: ['ThisEpochBaselinePower', BigIntCodec],
  epoch: ['Epoch', I64],
  totalStoragePowerReward: ['TotalStoragePowerReward', BigIntCodec],
  initialEpochReward: ['InitialEpochReward', BigIntCodec],
  halvingEpochs: ['HalvingEpochs', I64],
  networkRawPower: ['NetworkRawPower', BigIntCodec],
})

/** Baseline power reported by ThisEpochReward (mainnet's initial baseline, 2.5 EiB). */
export const BASELINE_POWER = 2_500n << 50n

/** The state at genesis for a schedule and the network's realized power. */
export function initialRewardState(s: RewardSchedule, networkRawPower: bigint): RewardState {
  return {
    thisEpochReward: epochReward(s, 0n),
    thisEpochBaselinePower: BASELINE_POWER,
    epoch: 0n,
    totalStoragePowerReward: 0n,
    initialEpochReward: s.initialEpochReward,
    halvingEpochs: s.halvingEpochs,
    networkRawPower,
  }
}
