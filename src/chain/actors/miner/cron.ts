/**
 * OnDeferredCronEvent (12): the end of a proving deadline (`handle_proving_deadline`). Applies a due worker
 * key change, burns the deposits of expired precommits, marks partitions that were not proven faulty
 * (removing their power), expires sectors past their expiration (releasing their pledge), charges the
 * continued fault fee on power that was already faulty, vests funds,
 * moves to the next deadline and re-enrols the callback while the miner has anything at stake.
 */
import { decode } from '../../../core/codec.ts'
import { BitField } from '../../../crypto/bitfield.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../singletons.ts'
import { processPendingWorker } from './control.ts'
import {
  burnFunds,
  enrollDeadlineCron,
  loadInfo,
  notifyPledgeChanged,
  requestUpdatePower,
  rewardContext,
  saveInfo,
} from './common.ts'
import { deadlineInfoAt, lastEpoch, periodStarted } from './deadline-info.ts'
import { continuedFaultFee, repayDebt, unlockVestedFunds } from './monies.ts'
import { liveSectors, recordMissedPost, terminateSectors } from './partition.ts'
import { minerPolicyOf, type MinerPolicy } from './policy.ts'
import {
  addPower,
  DeadlinesCodec,
  type MinerState,
  MinerStateCodec,
  type Partition,
  type PowerPair,
  ZERO_POWER,
} from './state.ts'
import {
  getPreCommit,
  getSectors,
  loadDeadline,
  loadDeadlines,
  loadPartitions,
  PRECOMMIT_EXPIRY_AMT_BIT_WIDTH,
  putBlock,
  queuePopUntil,
  storeDeadline,
  storePartitions,
  updatePreCommits,
} from './store.ts'
import { CronEvent, CronEventPayloadCodec, type DeferredCronEventParams } from './types.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'

/** Removes expired precommits; returns their deposits (to burn). */
async function cleanupExpiredPreCommits(bs: Blockstore, st: MinerState, epoch: number): Promise<bigint> {
  const { root, popped } = await queuePopUntil(bs, st.preCommittedSectorsCleanUp, PRECOMMIT_EXPIRY_AMT_BIT_WIDTH, epoch)
  st.preCommittedSectorsCleanUp = root
  let deposit = 0n
  const removed: [number, null][] = []
  for (const n of popped.toArray()) {
    const pc = await getPreCommit(bs, st.preCommittedSectors, n)
    if (!pc) continue
    deposit += pc.preCommitDeposit
    removed.push([n, null])
  }
  if (removed.length > 0) st.preCommittedSectors = await updatePreCommits(bs, st.preCommittedSectors, removed)
  st.preCommitDeposits -= deposit
  return deposit
}

/**
 * Closes the deadline that ends at `epoch` (`State::advance_deadline`): unproven partitions go faulty, then
 * sectors whose expiration has passed are terminated (no fee) and their pledge released. Returns the active
 * power lost, the power that was faulty before (which pays the fault fee) and the pledge released.
 */
async function advanceDeadline(
  bs: Blockstore,
  policy: MinerPolicy,
  st: MinerState,
  epoch: number,
  size: bigint,
): Promise<{ delta: PowerPair; previouslyFaulty: PowerPair; released: bigint }> {
  const none = { delta: ZERO_POWER, previouslyFaulty: ZERO_POWER, released: 0n }
  const dl = deadlineInfoAt(policy, st.provingPeriodStart, epoch)
  if (!periodStarted(dl)) return none
  st.currentDeadline = (dl.index + 1) % policy.wpostPeriodDeadlines
  if (st.currentDeadline === 0) st.provingPeriodStart = dl.periodStart + policy.wpostProvingPeriod
  const dls = await loadDeadlines(bs, st.deadlines)
  const deadline = await loadDeadline(bs, dls, dl.index)
  const previouslyFaulty = deadline.faultyPower
  if (deadline.liveSectors === 0n) return { ...none, previouslyFaulty }
  const parts = await loadPartitions(bs, deadline)
  const changed = new Map<number, Partition>()
  let delta: PowerPair = ZERO_POWER
  let faulty: PowerPair = ZERO_POWER
  let released = 0n
  for (const [i, part] of parts) {
    if (!deadline.partitionsPoSted.has(i)) {
      delta = addPower(delta, recordMissedPost(part))
      changed.set(i, part)
    }
    const expired = (await getSectors(bs, st.sectors, liveSectors(part))).filter((s) => s.expiration <= epoch)
    if (expired.length > 0) {
      const t = terminateSectors(part, BitField.fromSet(expired.map((s) => s.sectorNumber)), size)
      delta = addPower(delta, t.delta)
      deadline.liveSectors -= BigInt(expired.length)
      released += expired.reduce((sum, s) => sum + s.initialPledge, 0n)
      changed.set(i, part)
    }
    faulty = addPower(faulty, part.faultyPower)
  }
  st.initialPledge -= released
  deadline.faultyPower = faulty
  deadline.partitionsPoSted = BitField.empty
  await storePartitions(bs, deadline, changed)
  await storeDeadline(bs, dls, dl.index, deadline)
  st.deadlines = await putBlock(bs, DeadlinesCodec, dls)
  return { delta, previouslyFaulty, released }
}

/**
 * Whether any deadline holds live sectors. builtin-actors keeps the deadline cron on while the miner has
 * deposits, pledge, locked funds or debt; every sector carries pledge there, but genesis sectors carry none
 * here (genesis/miners.ts), so live sectors keep it on too: otherwise a genesis miner that has not won a
 * block by its first deadline's end would never have its deadlines advanced, proven or marked faulty.
 */
async function hasLiveSectors(bs: Blockstore, st: MinerState): Promise<boolean> {
  const dls = await loadDeadlines(bs, st.deadlines)
  for (let i = 0; i < dls.due.length; i++) if ((await loadDeadline(bs, dls, i)).liveSectors > 0n) return true
  return false
}

async function handleProvingDeadline(rt: Runtime): Promise<void> {
  const policy = minerPolicyOf(rt.policy)
  const ctx = await rewardContext(rt)
  const balance = await rt.balance()
  const r = await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    if (processPendingWorker(info, rt.epoch)) await saveInfo(rt, st, info)
    const expiredDeposits = await cleanupExpiredPreCommits(rt.store, st, rt.epoch)
    const { delta, previouslyFaulty, released } = await advanceDeadline(rt.store, policy, st, rt.epoch, info.sectorSize)
    st.feeDebt += continuedFaultFee(ctx, previouslyFaulty.qa)
    const debt = repayDebt(st, balance - expiredDeposits)
    const vested = unlockVestedFunds(st, rt.epoch)
    const continueCron =
      st.preCommitDeposits > 0n ||
      st.initialPledge > 0n ||
      st.lockedFunds > 0n ||
      st.feeDebt > 0n ||
      (await hasLiveSectors(rt.store, st))
    st.deadlineCronActive = continueCron
    return {
      delta,
      burn: expiredDeposits + debt.toBurn,
      pledgeDelta: -(debt.fromVesting + vested + released),
      continueCron,
      periodStart: st.provingPeriodStart,
    }
  })
  await requestUpdatePower(rt, r.delta)
  await burnFunds(rt, r.burn)
  await notifyPledgeChanged(rt, r.pledgeDelta)
  if (r.continueCron) await enrollDeadlineCron(rt, lastEpoch(deadlineInfoAt(policy, r.periodStart, rt.epoch + 1)))
}

export async function onDeferredCronEvent(rt: Runtime, p: DeferredCronEventParams): Promise<void> {
  rt.validateCallerIs(STORAGE_POWER_ACTOR_ADDR)
  const payload = decode(CronEventPayloadCodec, p.eventPayload)
  if (payload.eventType === CronEvent.ProvingDeadline) await handleProvingDeadline(rt)
}
