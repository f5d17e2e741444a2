/**
 * Pledge, deposits, fees and vesting — documented simplifications of `builtin-actors:actors/miner/src/
 * monies.rs` and vesting_state.rs:
 * - Expected reward of `qa` power over `epochs` = EpochReward × qa × epochs / max(NetworkQA, Baseline).
 *   (builtin-actors divides by the smoothed network QA power alone; the baseline floor keeps a young devnet,
 *   where one miner holds all the power, from asking a whole epoch's reward per sector.)
 * - PreCommit deposit = 20 days of expected reward for the sector's QA power.
 * - Initial pledge = 20 days of expected reward + 30% of circulating supply × qa / max(NetworkQA, Baseline).
 * - Continued fault fee = 3.51 days of expected reward for the faulty QA power (CONTINUED_FAULT_PROJECTION_PERIOD).
 * - Block rewards: 75% locked, vesting linearly over 180 days in daily steps (quantized to 12 hours).
 * QA power = raw power (sector size): no deals, so no deal weight.
 */
import type { MinerState } from './state.ts'

/** Mainnet epochs per day, as builtin-actors' fee and vesting periods use. */
export const EPOCHS_IN_DAY = 2880
export const PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD = 20 * EPOCHS_IN_DAY
export const INITIAL_PLEDGE_PROJECTION_PERIOD = 20 * EPOCHS_IN_DAY
export const CONTINUED_FAULT_PROJECTION_PERIOD = Math.floor((EPOCHS_IN_DAY * 351) / 100)
const LOCK_TARGET_NUM = 3n
const LOCK_TARGET_DENOM = 10n
const REWARD_VEST_DAYS = 180
const VEST_QUANTIZATION = EPOCHS_IN_DAY / 2

/** What the formulas need from Reward and Power (and the VM's circulating supply). */
export interface RewardContext {
  /** attoFIL per epoch for the whole network. */
  epochReward: bigint
  networkQAPower: bigint
  baselinePower: bigint
  circulatingSupply: bigint
}

/** The smaller of two big integers. */
export function minBig(a: bigint, b: bigint): bigint {
  if (a < b) return a
  return b
}
/** The larger of two big integers. */
export function maxBig(a: bigint, b: bigint): bigint {
  if (a > b) return a
  return b
}

function denominator(ctx: RewardContext): bigint {
  return maxBig(maxBig(ctx.networkQAPower, ctx.baselinePower), 1n)
}

export function expectedRewardForPower(ctx: RewardContext, qa: bigint, epochs: number): bigint {
  return (ctx.epochReward * qa * BigInt(epochs)) / denominator(ctx)
}

export function preCommitDepositForPower(ctx: RewardContext, qa: bigint): bigint {
  return expectedRewardForPower(ctx, qa, PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD)
}

export function initialPledgeForPower(ctx: RewardContext, qa: bigint): bigint {
  const storage = expectedRewardForPower(ctx, qa, INITIAL_PLEDGE_PROJECTION_PERIOD)
  const consensus = (LOCK_TARGET_NUM * ctx.circulatingSupply * qa) / (LOCK_TARGET_DENOM * denominator(ctx))
  return storage + consensus
}

export function continuedFaultFee(ctx: RewardContext, faultyQA: bigint): bigint {
  return expectedRewardForPower(ctx, faultyQA, CONTINUED_FAULT_PROJECTION_PERIOD)
}

/** 75% of a block reward is locked (`locked_reward_from_reward`). */
export function lockedRewardFromReward(reward: bigint): bigint {
  return (reward * 3n) / 4n
}

/** Adds `amount` to the vesting table, vesting over 180 days from `epoch`; locked funds grow by `amount`. */
export function addLockedFunds(st: MinerState, epoch: number, amount: bigint): void {
  if (amount <= 0n) return
  const per = amount / BigInt(REWARD_VEST_DAYS)
  let left = amount
  for (let day = 1; day <= REWARD_VEST_DAYS; day++) {
    const part = day === REWARD_VEST_DAYS ? left : per
    left -= part
    if (part === 0n) continue
    const raw = epoch + day * EPOCHS_IN_DAY
    const at = Math.ceil(raw / VEST_QUANTIZATION) * VEST_QUANTIZATION
    const found = st.vestingFunds.find((v) => v.epoch === at)
    if (found) found.amount += part
    else st.vestingFunds.push({ epoch: at, amount: part })
  }
  st.vestingFunds.sort((a, b) => a.epoch - b.epoch)
  st.lockedFunds += amount
}

/** Unlocks every entry due at or before `epoch`; returns the amount now free. */
export function unlockVestedFunds(st: MinerState, epoch: number): bigint {
  let sum = 0n
  st.vestingFunds = st.vestingFunds.filter((v) => {
    if (v.epoch > epoch) return true
    sum += v.amount
    return false
  })
  st.lockedFunds -= sum
  return sum
}

/** Unlocks up to `target` of not-yet-vested funds, earliest first (to pay penalties); returns the amount. */
export function unlockUnvestedFunds(st: MinerState, target: bigint): bigint {
  let taken = 0n
  for (const v of st.vestingFunds) {
    if (taken >= target) break
    const t = minBig(v.amount, target - taken)
    v.amount -= t
    taken += t
  }
  st.vestingFunds = st.vestingFunds.filter((v) => v.amount > 0n)
  st.lockedFunds -= taken
  return taken
}

/**
 * Pays fee debt from unvested funds, then from the unlocked balance (`repay_partial_debt_in_priority_order`).
 * Returns what to burn and how much of it came out of locked funds (a pledge decrease).
 */
export function repayDebt(st: MinerState, balance: bigint): { toBurn: bigint; fromVesting: bigint } {
  const fromVesting = unlockUnvestedFunds(st, st.feeDebt)
  st.feeDebt -= fromVesting
  const unlocked = balance - st.lockedFunds - st.preCommitDeposits - st.initialPledge - fromVesting
  const fromBalance = minBig(maxBig(unlocked, 0n), st.feeDebt)
  st.feeDebt -= fromBalance
  return { toBurn: fromVesting + fromBalance, fromVesting }
}
