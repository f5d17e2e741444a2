/** The implicit messages the VM applies for a tipset (`lotus:chain/consensus/compute_state.go`). */
import type { Address } from '../../core/address.ts'
import { encode } from '../../core/codec.ts'
import type { Message } from '../../core/message.ts'
import { AwardBlockRewardParamsCodec } from '../actors/reward/types.ts'
import { CRON_ACTOR_ADDR, REWARD_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../actors/singletons.ts'
import { IMPLICIT_MESSAGE_GAS_LIMIT } from './vm.ts'

/** Reward.AwardBlockReward and Cron.EpochTick. */
const AWARD_BLOCK_REWARD = 2n
const EPOCH_TICK = 2n

function implicit(to: Address, method: bigint, params: Uint8Array, epoch: number): Message {
  return {
    version: 0,
    from: SYSTEM_ACTOR_ADDR,
    to,
    nonce: BigInt(epoch),
    value: 0n,
    gasLimit: IMPLICIT_MESSAGE_GAS_LIMIT,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method,
    params,
  }
}

/** f00 -> f02 AwardBlockReward `[Miner, Penalty, GasReward, WinCount]`, nonce = epoch. */
export function rewardMessage(
  epoch: number,
  p: { miner: Address; penalty: bigint; gasReward: bigint; winCount: number },
): Message {
  return implicit(REWARD_ACTOR_ADDR, AWARD_BLOCK_REWARD, encode(AwardBlockRewardParamsCodec, p), epoch)
}

/** f00 -> f03 EpochTick, nonce = epoch. */
export function cronMessage(epoch: number): Message {
  return implicit(CRON_ACTOR_ADDR, EPOCH_TICK, new Uint8Array(0), epoch)
}
