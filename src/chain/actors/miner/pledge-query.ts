/**
 * The precommit deposit and initial pledge a sector would need now (Lotus StateMinerPreCommitDepositForPower,
 * StateMinerInitialPledgeCollateral), read from the same reward and power state the miner actor reads through
 * Reward.ThisEpochReward and Power.CurrentTotalPower, and the same formulas (monies.ts).
 */
import type { StateTree } from '../../state/state-tree.ts'
import { PRECISION_128 } from '../filter-estimate.ts'
import { powerState, actorState } from '../queries.ts'
import { RewardStateCodec } from '../reward/state.ts'
import { REWARD_ACTOR_ADDR } from '../singletons.ts'
import { initialPledgeForPower, preCommitDepositForPower, type RewardContext } from './monies.ts'

/** The reward context the actor would build in a message applied on `tree`. */
export async function rewardContextOf(tree: StateTree, circulatingSupply = 0n): Promise<RewardContext> {
  const reward = await actorState(tree, REWARD_ACTOR_ADDR, RewardStateCodec)
  const power = await powerState(tree)
  return {
    epochReward: reward.thisEpochReward,
    networkQAPower: power.thisEpochQAPowerSmoothed.position >> PRECISION_128,
    baselinePower: reward.thisEpochBaselinePower,
    circulatingSupply,
  }
}

/** The deposit a PreCommit of one sector of `qaPower` (its size, with no deals) needs on `tree`. */
export async function preCommitDepositOn(tree: StateTree, qaPower: bigint): Promise<bigint> {
  return preCommitDepositForPower(await rewardContextOf(tree), qaPower)
}

/** The initial pledge proving one sector of `qaPower` would lock on `tree`. */
export async function initialPledgeOn(tree: StateTree, qaPower: bigint): Promise<bigint> {
  return initialPledgeForPower(await rewardContextOf(tree), qaPower)
}
