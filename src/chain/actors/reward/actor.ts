/**
 * The Reward actor (f02, `builtin-actors:actors/reward`). After each block the VM calls AwardBlockReward:
 * the block's miner gets ThisEpochReward × WinCount / ExpectedLeaders (capped by the pool) plus the block's
 * gas tips, sent with the miner's ApplyRewards; if that send fails the whole amount is burned. At the end
 * of each epoch the power actor calls UpdateNetworkKPI, which moves the reward to the next epoch.
 */
import { encode } from '../../../core/codec.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { CODE_CIDS } from '../code-cids.ts'
import { constantEstimate } from '../filter-estimate.ts'
import { BURNT_FUNDS_ACTOR_ADDR, METHOD_SEND, STORAGE_POWER_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../singletons.ts'
import { DEFAULT_REWARD_SCHEDULE, epochReward } from './schedule.ts'
import { initialRewardState, RewardStateCodec } from './state.ts'
import {
  ApplyRewardParamsCodec,
  type AwardBlockRewardParams,
  AwardBlockRewardParamsCodec,
  OptionalPowerCodec,
  ThisEpochRewardReturnCodec,
} from './types.ts'

export const RewardMethod = { Constructor: 1, AwardBlockReward: 2, ThisEpochReward: 3, UpdateNetworkKPI: 4 } as const

/** The storage miner's ApplyRewards method number. */
export const MINER_APPLY_REWARDS_METHOD = 14n

async function awardBlockReward(rt: Runtime, p: AwardBlockRewardParams): Promise<void> {
  rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
  if (p.penalty < 0n) throw actorErrors.illegalArgument(`negative penalty ${p.penalty}`)
  if (p.gasReward < 0n) throw actorErrors.illegalArgument(`negative gas reward ${p.gasReward}`)
  if (p.winCount <= 0) throw actorErrors.illegalArgument(`invalid win count ${p.winCount}`)
  const miner = await rt.resolveAddress(p.miner)
  if (!miner) throw actorErrors.notFound(`failed to resolve miner address ${p.miner}`)
  const balance = await rt.balance()
  if (balance < p.gasReward)
    throw actorErrors.illegalState(`actor balance ${balance} below the gas reward ${p.gasReward}`)
  const blockReward = await rt.transaction(RewardStateCodec, (st) => {
    const due = (st.thisEpochReward * BigInt(p.winCount)) / BigInt(rt.policy.expectedLeadersPerEpoch)
    const paid = due < balance - p.gasReward ? due : balance - p.gasReward
    st.totalStoragePowerReward += paid
    return paid
  })
  const total = blockReward + p.gasReward
  const params = encode(ApplyRewardParamsCodec, { reward: total, penalty: p.penalty })
  const res = await rt.send(miner, MINER_APPLY_REWARDS_METHOD, params, total)
  if (res.exitCode === 0) return
  const burn = await rt.send(BURNT_FUNDS_ACTOR_ADDR, METHOD_SEND, new Uint8Array(0), total)
  if (burn.exitCode !== 0) throw actorErrors.illegalState(`failed to burn the unpaid reward (exit ${burn.exitCode})`)
}

export const RewardActor: ActorClass = {
  name: 'reward',
  code: CODE_CIDS.reward,
  methods: methodTable([
    [
      RewardMethod.Constructor,
      method('Constructor', OptionalPowerCodec, null, async (rt, power) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        await rt.commit(RewardStateCodec, initialRewardState(DEFAULT_REWARD_SCHEDULE, power ?? 0n))
      }),
    ],
    [RewardMethod.AwardBlockReward, method('AwardBlockReward', AwardBlockRewardParamsCodec, null, awardBlockReward)],
    [
      RewardMethod.ThisEpochReward,
      method('ThisEpochReward', null, ThisEpochRewardReturnCodec, async (rt) => {
        rt.validateCallerAny()
        const st = await rt.state(RewardStateCodec)
        return {
          thisEpochRewardSmoothed: constantEstimate(st.thisEpochReward),
          thisEpochBaselinePower: st.thisEpochBaselinePower,
        }
      }),
    ],
    [
      RewardMethod.UpdateNetworkKPI,
      method('UpdateNetworkKPI', OptionalPowerCodec, null, async (rt, power) => {
        rt.validateCallerIs(STORAGE_POWER_ACTOR_ADDR)
        await rt.transaction(RewardStateCodec, (st) => {
          st.epoch = BigInt(rt.epoch) + 1n
          st.thisEpochReward = epochReward(
            { initialEpochReward: st.initialEpochReward, halvingEpochs: st.halvingEpochs },
            st.epoch,
          )
          st.networkRawPower = power ?? 0n
        })
      }),
    ],
  ]),
}
