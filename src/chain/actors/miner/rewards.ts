/**
 * ApplyRewards (14): the Reward actor pays a block reward with a penalty (`apply_rewards`). 75% of the
 * reward is locked in the vesting table (see monies.ts); the penalty becomes fee debt, paid at once from
 * unvested then unlocked funds and burned.
 */
import { actorErrors } from '../../vm/actor-error.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { REWARD_ACTOR_ADDR } from '../singletons.ts'
import { burnFunds, notifyPledgeChanged } from './common.ts'
import { addLockedFunds, lockedRewardFromReward, maxBig, minBig, repayDebt, unlockVestedFunds } from './monies.ts'
import { MinerStateCodec } from './state.ts'
import type { ApplyRewardParams } from './types.ts'

export async function applyRewards(rt: Runtime, p: ApplyRewardParams): Promise<void> {
  rt.validateCallerIs(REWARD_ACTOR_ADDR)
  if (p.reward < 0n) throw actorErrors.illegalArgument(`cannot lock up a negative amount of funds ${p.reward}`)
  if (p.penalty < 0n) throw actorErrors.illegalArgument(`cannot penalize a negative amount of funds ${p.penalty}`)
  const balance = await rt.balance()
  const r = await rt.transaction(MinerStateCodec, (st) => {
    const vested = unlockVestedFunds(st, rt.epoch)
    const unlocked = balance - st.lockedFunds - st.preCommitDeposits - st.initialPledge
    const requested = lockedRewardFromReward(p.reward)
    const toLock = minBig(requested, maxBig(unlocked, 0n))
    addLockedFunds(st, rt.epoch, toLock)
    st.feeDebt += p.penalty
    const debt = repayDebt(st, balance)
    return { toBurn: debt.toBurn, pledgeDelta: toLock - vested - debt.fromVesting }
  })
  await burnFunds(rt, r.toBurn)
  await notifyPledgeChanged(rt, r.pledgeDelta)
}
