/** Helpers every miner method uses: its info, calls to Power/Reward, burning, caller checks. */
import type { Address } from '../../../core/address.ts'
import { encodeCbor } from '../../../core/cbor/encode.ts'
import { decode, encode } from '../../../core/codec.ts'
import { ActorError, actorErrors } from '../../vm/actor-error.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { PRECISION_128 } from '../filter-estimate.ts'
import { PowerMethod } from '../power/actor.ts'
import {
  CurrentTotalPowerReturnCodec,
  EnrollCronEventParamsCodec,
  UpdateClaimedPowerParamsCodec,
  UpdatePledgeTotalParamsCodec,
} from '../power/types.ts'
import { RewardMethod } from '../reward/actor.ts'
import { ThisEpochRewardReturnCodec } from '../reward/types.ts'
import { BURNT_FUNDS_ACTOR_ADDR, METHOD_SEND, REWARD_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../singletons.ts'
import { type MinerInfo, MinerInfoCodec } from './info.ts'
import type { RewardContext } from './monies.ts'
import { isZeroPower, type MinerState, type PowerPair } from './state.ts'
import { getBlock, putBlock } from './store.ts'
import { CronEvent, CronEventPayloadCodec } from './types.ts'

export const loadInfo = (rt: Runtime, st: MinerState): Promise<MinerInfo> => getBlock(rt.store, MinerInfoCodec, st.info)

export async function saveInfo(rt: Runtime, st: MinerState, info: MinerInfo): Promise<void> {
  st.info = await putBlock(rt.store, MinerInfoCodec, info)
}

/** Fails with ErrForbidden unless the caller is one of `addrs` (compared as ID addresses). */
export function validateCallerIn(rt: Runtime, addrs: readonly Address[]): void {
  rt.validateCallerIs(...addrs)
}

/** CBOR of this miner's address: the entropy of its seal and PoSt randomness. */
export const receiverEntropy = (rt: Runtime): Uint8Array => encodeCbor(rt.receiver.bytes)

async function call(
  rt: Runtime,
  to: Address,
  method: number | bigint,
  params: Uint8Array,
  value = 0n,
  what = '',
): Promise<Uint8Array> {
  const r = await rt.send(to, BigInt(method), params, value)
  if (r.exitCode !== 0) throw new ActorError(r.exitCode, `failed to ${what}`)
  return r.ret
}

/** Reads the epoch reward and network power the pledge formulas need. */
export async function rewardContext(rt: Runtime): Promise<RewardContext> {
  const rew = decode(
    ThisEpochRewardReturnCodec,
    await call(rt, REWARD_ACTOR_ADDR, RewardMethod.ThisEpochReward, new Uint8Array(0), 0n, 'read the epoch reward'),
  )
  const pow = decode(
    CurrentTotalPowerReturnCodec,
    await call(
      rt,
      STORAGE_POWER_ACTOR_ADDR,
      PowerMethod.CurrentTotalPower,
      new Uint8Array(0),
      0n,
      'read network power',
    ),
  )
  return {
    epochReward: rew.thisEpochRewardSmoothed.position >> PRECISION_128,
    networkQAPower: pow.qualityAdjPowerSmoothed.position >> PRECISION_128,
    baselinePower: rew.thisEpochBaselinePower,
    circulatingSupply: rt.totalFilCircSupply(),
  }
}

export async function requestUpdatePower(rt: Runtime, delta: PowerPair): Promise<void> {
  if (isZeroPower(delta)) return
  const params = encode(UpdateClaimedPowerParamsCodec, { rawByteDelta: delta.raw, qualityAdjustedDelta: delta.qa })
  await call(rt, STORAGE_POWER_ACTOR_ADDR, PowerMethod.UpdateClaimedPower, params, 0n, 'update claimed power')
}

export async function notifyPledgeChanged(rt: Runtime, delta: bigint): Promise<void> {
  if (delta === 0n) return
  const params = encode(UpdatePledgeTotalParamsCodec, delta)
  await call(rt, STORAGE_POWER_ACTOR_ADDR, PowerMethod.UpdatePledgeTotal, params, 0n, 'update pledge total')
}

export async function burnFunds(rt: Runtime, amount: bigint): Promise<void> {
  if (amount <= 0n) return
  await call(rt, BURNT_FUNDS_ACTOR_ADDR, METHOD_SEND, new Uint8Array(0), amount, 'burn funds')
}

/** Enrols a proving-deadline callback at `epoch` with Power's cron queue. */
export async function enrollDeadlineCron(rt: Runtime, epoch: number): Promise<void> {
  const payload = encode(CronEventPayloadCodec, { eventType: CronEvent.ProvingDeadline })
  const params = encode(EnrollCronEventParamsCodec, { eventEpoch: epoch, payload })
  await call(rt, STORAGE_POWER_ACTOR_ADDR, PowerMethod.EnrollCronEvent, params, 0n, 'enrol cron event')
}

/** Fails unless `balance` covers locked funds, deposits and pledge (`check_balance_invariants`). */
export function checkBalanceInvariants(st: MinerState, balance: bigint): void {
  if (st.preCommitDeposits < 0n || st.lockedFunds < 0n || st.initialPledge < 0n || st.feeDebt < 0n)
    throw actorErrors.illegalState('negative miner funds')
  if (balance < st.preCommitDeposits + st.lockedFunds + st.initialPledge)
    throw actorErrors.illegalState(
      `balance ${balance} below deposits ${st.preCommitDeposits} + locked ${st.lockedFunds} + pledge ${st.initialPledge}`,
    )
}
