/**
 * The storage power actor (f04, `builtin-actors:actors/power`): creates miners (through Init.Exec of the
 * miner code), keeps each miner's power claim and the network totals, queues miners' cron callbacks and
 * runs them at the end of each epoch, then reports the network's power to the reward actor.
 */
import { decode, encode } from '../../../core/codec.ts'
import { ActorError, actorErrors } from '../../vm/actor-error.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { Hamt } from '../../../ipld/hamt/hamt.ts'
import { ActorKind, CODE_CIDS, SIGNABLE_KINDS } from '../code-cids.ts'
import { constantEstimate } from '../filter-estimate.ts'
import { ExecParamsCodec, ExecReturnCodec } from '../init/types.ts'
import { ThisEpochRewardReturnCodec } from '../reward/types.ts'
import { OptionalPowerCodec } from '../reward/types.ts'
import { CRON_ACTOR_ADDR, INIT_ACTOR_ADDR, REWARD_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../singletons.ts'
import { getClaim, loadClaims, setClaim } from './claims.ts'
import { emptyCronQueue, enrollCronEvent, popCronEvents } from './cron-queue.ts'
import { addToClaim, CLAIMS_HAMT_BIT_WIDTH, currentTotalPower, type PowerState, PowerStateCodec } from './state.ts'
import {
  type CreateMinerParams,
  CreateMinerParamsCodec,
  type CreateMinerReturn,
  CreateMinerReturnCodec,
  CurrentTotalPowerReturnCodec,
  DeferredCronEventParamsCodec,
  EnrollCronEventParamsCodec,
  MinerConstructorParamsCodec,
  UpdateClaimedPowerParamsCodec,
  UpdatePledgeTotalParamsCodec,
} from './types.ts'

export const PowerMethod = {
  Constructor: 1,
  CreateMiner: 2,
  UpdateClaimedPower: 3,
  EnrollCronEvent: 4,
  OnEpochTickEnd: 5,
  UpdatePledgeTotal: 6,
  CurrentTotalPower: 9,
} as const

/** Init.Exec, Reward.ThisEpochReward, Reward.UpdateNetworkKPI and the miner's OnDeferredCronEvent. */
const INIT_EXEC = 2n
const REWARD_THIS_EPOCH_REWARD = 3n
const REWARD_UPDATE_NETWORK_KPI = 4n
export const MINER_ON_DEFERRED_CRON_EVENT = 12n

/** The power state at genesis (builtin-actors `State::new`). */
export async function initialPowerState(rt: { store: Runtime['store'] }): Promise<PowerState> {
  return {
    totalRawBytePower: 0n,
    totalBytesCommitted: 0n,
    totalQualityAdjPower: 0n,
    totalQABytesCommitted: 0n,
    totalPledgeCollateral: 0n,
    thisEpochRawBytePower: 0n,
    thisEpochQualityAdjPower: 0n,
    thisEpochPledgeCollateral: 0n,
    thisEpochQAPowerSmoothed: constantEstimate(0n),
    minerCount: 0n,
    minerAboveMinPowerCount: 0n,
    cronEventQueue: await emptyCronQueue(rt.store),
    firstCronEpoch: 0n,
    claims: await Hamt.create(rt.store, { bitWidth: CLAIMS_HAMT_BIT_WIDTH }).flush(),
    proofValidationBatch: null,
    rampStartEpoch: 0n,
    rampDurationEpochs: 0n,
  }
}

async function createMiner(rt: Runtime, p: CreateMinerParams): Promise<CreateMinerReturn> {
  await rt.validateCallerType(...SIGNABLE_KINDS)
  const constructorParams = encode(MinerConstructorParamsCodec, {
    owner: p.owner,
    worker: p.worker,
    controlAddrs: [],
    windowPoStProofType: p.windowPoStProofType,
    peerId: p.peer,
    multiaddrs: p.multiaddrs,
  })
  const execParams = encode(ExecParamsCodec, { codeCid: CODE_CIDS.storageminer, constructorParams })
  const res = await rt.send(INIT_ACTOR_ADDR, INIT_EXEC, execParams, rt.valueReceived)
  if (res.exitCode !== 0) throw new ActorError(res.exitCode, 'failed to init new miner actor')
  const ret = decode(ExecReturnCodec, res.ret)
  await rt.transaction(PowerStateCodec, async (st) => {
    const claims = await loadClaims(rt.store, st)
    await setClaim(claims, ret.idAddress, {
      windowPoStProofType: p.windowPoStProofType,
      rawBytePower: 0n,
      qualityAdjPower: 0n,
    })
    st.claims = await claims.flush()
    st.minerCount += 1n
    // `update_stats_for_new_miner`: with no minimum, every new miner is above it.
    if (rt.policy.consensusMinerMinPower <= 0n) st.minerAboveMinPowerCount += 1n
  })
  return { idAddress: ret.idAddress, robustAddress: ret.robustAddress }
}

async function onEpochTickEnd(rt: Runtime): Promise<void> {
  rt.validateCallerIs(CRON_ACTOR_ADDR)
  const rew = await rt.send(REWARD_ACTOR_ADDR, REWARD_THIS_EPOCH_REWARD, new Uint8Array(0), 0n)
  if (rew.exitCode !== 0) throw new ActorError(rew.exitCode, 'failed to read the epoch reward')
  const reward = decode(ThisEpochRewardReturnCodec, rew.ret)
  const st0 = await rt.state(PowerStateCodec)
  const events = await popCronEvents(rt.store, st0, BigInt(rt.epoch))
  await rt.commit(PowerStateCodec, st0)
  const failed: CreateMinerReturn['idAddress'][] = []
  for (const e of events) {
    if (!(await getClaim(await loadClaims(rt.store, st0), e.minerAddr))) continue
    const params = encode(DeferredCronEventParamsCodec, {
      eventPayload: e.callbackPayload,
      rewardSmoothed: reward.thisEpochRewardSmoothed,
      qualityAdjPowerSmoothed: st0.thisEpochQAPowerSmoothed,
    })
    const r = await rt.send(e.minerAddr, MINER_ON_DEFERRED_CRON_EVENT, params, 0n)
    if (r.exitCode !== 0) failed.push(e.minerAddr)
  }
  const raw = await rt.transaction(PowerStateCodec, async (st) => {
    // A miner whose callback failed loses its claim (builtin-actors `process_deferred_cron_events`).
    if (failed.length > 0) {
      const claims = await loadClaims(rt.store, st)
      for (const m of failed) {
        const c = await getClaim(claims, m)
        if (!c) continue
        addToClaim(rt.policy, st, c, -c.rawBytePower, -c.qualityAdjPower)
        await claims.delete(m.bytes)
        st.minerCount -= 1n
      }
      st.claims = await claims.flush()
    }
    const total = currentTotalPower(rt.policy, st)
    st.thisEpochRawBytePower = total.raw
    st.thisEpochQualityAdjPower = total.qa
    st.thisEpochPledgeCollateral = st.totalPledgeCollateral
    st.thisEpochQAPowerSmoothed = constantEstimate(total.qa)
    return total.raw
  })
  const kpi = await rt.send(REWARD_ACTOR_ADDR, REWARD_UPDATE_NETWORK_KPI, encode(OptionalPowerCodec, raw), 0n)
  if (kpi.exitCode !== 0) throw new ActorError(kpi.exitCode, 'failed to update network KPI with reward actor')
}

export const PowerActor: ActorClass = {
  name: 'storagepower',
  code: CODE_CIDS.storagepower,
  methods: methodTable([
    [
      PowerMethod.Constructor,
      method('Constructor', null, null, async (rt) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        await rt.commit(PowerStateCodec, await initialPowerState(rt))
      }),
    ],
    [PowerMethod.CreateMiner, method('CreateMiner', CreateMinerParamsCodec, CreateMinerReturnCodec, createMiner)],
    [
      PowerMethod.UpdateClaimedPower,
      method('UpdateClaimedPower', UpdateClaimedPowerParamsCodec, null, async (rt, p) => {
        await rt.validateCallerType(ActorKind.Miner)
        await rt.transaction(PowerStateCodec, async (st) => {
          const claims = await loadClaims(rt.store, st)
          const claim = await getClaim(claims, rt.caller)
          if (!claim) throw actorErrors.notFound(`no claim for miner ${rt.caller}`)
          addToClaim(rt.policy, st, claim, p.rawByteDelta, p.qualityAdjustedDelta)
          if (claim.rawBytePower < 0n || claim.qualityAdjPower < 0n || st.minerAboveMinPowerCount < 0n)
            throw actorErrors.illegalState(`negative claimed power for ${rt.caller}`)
          await setClaim(claims, rt.caller, claim)
          st.claims = await claims.flush()
        })
      }),
    ],
    [
      PowerMethod.EnrollCronEvent,
      method('EnrollCronEvent', EnrollCronEventParamsCodec, null, async (rt, p) => {
        await rt.validateCallerType(ActorKind.Miner)
        if (p.eventEpoch < 0) throw actorErrors.illegalArgument(`cron event epoch ${p.eventEpoch} is negative`)
        await rt.transaction(PowerStateCodec, (st) =>
          enrollCronEvent(rt.store, st, BigInt(p.eventEpoch), { minerAddr: rt.caller, callbackPayload: p.payload }),
        )
      }),
    ],
    [PowerMethod.OnEpochTickEnd, method('OnEpochTickEnd', null, null, onEpochTickEnd)],
    [
      PowerMethod.UpdatePledgeTotal,
      method('UpdatePledgeTotal', UpdatePledgeTotalParamsCodec, null, async (rt, delta) => {
        await rt.validateCallerType(ActorKind.Miner)
        await rt.transaction(PowerStateCodec, (st) => {
          st.totalPledgeCollateral += delta
          if (st.totalPledgeCollateral < 0n)
            throw actorErrors.illegalState(`negative total pledge ${st.totalPledgeCollateral}`)
        })
      }),
    ],
    [
      PowerMethod.CurrentTotalPower,
      method('CurrentTotalPower', null, CurrentTotalPowerReturnCodec, async (rt) => {
        rt.validateCallerAny()
        const st = await rt.state(PowerStateCodec)
        return {
          rawBytePower: st.thisEpochRawBytePower,
          qualityAdjPower: st.thisEpochQualityAdjPower,
          pledgeCollateral: st.thisEpochPledgeCollateral,
          qualityAdjPowerSmoothed: st.thisEpochQAPowerSmoothed,
          rampStartEpoch: st.rampStartEpoch,
          rampDurationEpochs: st.rampDurationEpochs,
        }
      }),
    ],
  ]),
}
