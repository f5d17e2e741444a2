/** Reward actor parameters and returns (`builtin-actors:actors/reward/src/types.rs`). */
import { type Address, AddressCodec } from '../../../core/address.ts'
import { BigIntCodec } from '../../../core/bigint.ts'
import { type Codec, nullable } from '../../../core/codec.ts'
import { safeInt64 } from '../../../core/ints.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type FilterEstimate, FilterEstimateCodec } from '../filter-estimate.ts'

/** AwardBlockReward `[Miner, Penalty, GasReward, WinCount]`. */
export interface AwardBlockRewardParams {
  miner: Address
  penalty: bigint
  gasReward: bigint
  winCount: number
}
export const AwardBlockRewardParamsCodec: Codec<AwardBlockRewardParams> = tupleCodec<AwardBlockRewardParams>(
  'AwardBlockRewardParams',
  {
    miner: ['Miner', AddressCodec],
    penalty: ['Penalty', BigIntCodec],
    gasReward: ['GasReward', BigIntCodec],
    winCount: ['WinCount', safeInt64('WinCount')],
  },
)

/** ThisEpochReward's return `[ThisEpochRewardSmoothed, ThisEpochBaselinePower]`. */
export interface ThisEpochRewardReturn {
  thisEpochRewardSmoothed: FilterEstimate
  thisEpochBaselinePower: bigint
}
export const ThisEpochRewardReturnCodec: Codec<ThisEpochRewardReturn> = tupleCodec<ThisEpochRewardReturn>(
  'ThisEpochRewardReturn',
  {
    thisEpochRewardSmoothed: ['ThisEpochRewardSmoothed', FilterEstimateCodec],
    thisEpochBaselinePower: ['ThisEpochBaselinePower', BigIntCodec],
  },
)

/** The miner's ApplyRewards `[Reward, Penalty]` (method 14). */
export interface ApplyRewardParams {
  reward: bigint
  penalty: bigint
}
export const ApplyRewardParamsCodec: Codec<ApplyRewardParams> = tupleCodec<ApplyRewardParams>('ApplyRewardParams', {
  reward: ['Reward', BigIntCodec],
  penalty: ['Penalty', BigIntCodec],
})

/** Constructor and UpdateNetworkKPI take an optional StoragePower (a bare BigInt or null). */
export const OptionalPowerCodec: Codec<bigint | null> = nullable(BigIntCodec)
