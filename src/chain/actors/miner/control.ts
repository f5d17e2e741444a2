/**
 * The miner's constructor and control methods: ControlAddresses, ChangeWorkerAddress (+ Confirm),
 * ChangePeerID, ChangeOwnerAddress (two-step) and WithdrawBalance (`builtin-actors:actors/miner/src/lib.rs`).
 */
import type { Address } from '../../../core/address.ts'
import { BitField } from '../../../crypto/bitfield.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { ActorKind, actorKindOf } from '../code-cids.ts'
import { INIT_ACTOR_ADDR } from '../singletons.ts'
import { burnFunds, checkBalanceInvariants, loadInfo, notifyPledgeChanged, saveInfo } from './common.ts'
import { assignProvingPeriodOffset, currentDeadlineIndex, currentProvingPeriodStart } from './deadline-info.ts'
import { type MinerInfo, MinerInfoCodec } from './info.ts'
import { minBig, repayDebt, unlockVestedFunds } from './monies.ts'
import { minerPolicyOf, windowPoStFacts } from './policy.ts'
import {
  availableBalance,
  controlling,
  type MinerState,
  DeadlineCodec,
  DeadlinesCodec,
  MinerStateCodec,
  ZERO_POWER,
} from './state.ts'
import {
  emptyAmt,
  emptyHamt,
  PARTITIONS_AMT_BIT_WIDTH,
  PRECOMMIT_EXPIRY_AMT_BIT_WIDTH,
  PRECOMMIT_HAMT_BIT_WIDTH,
  putBlock,
  SECTORS_AMT_BIT_WIDTH,
} from './store.ts'
import type {
  ChangePeerIDParams,
  ChangeWorkerAddressParams,
  GetControlAddressesReturn,
  MinerConstructorParams,
  WithdrawBalanceParams,
} from './types.ts'

async function resolveId(rt: Runtime, addr: Address, what: string): Promise<Address> {
  const id = await rt.resolveAddress(addr)
  if (!id) throw actorErrors.illegalArgument(`unable to resolve ${what} address ${addr}`)
  return id
}

/** A worker must be an account (builtin-actors also requires a BLS key; this devnet accepts secp too). */
async function resolveWorker(rt: Runtime, addr: Address): Promise<Address> {
  const id = await resolveId(rt, addr, 'worker')
  const code = await rt.getActorCode(id)
  if (!code || actorKindOf(code) !== ActorKind.Account)
    throw actorErrors.illegalArgument(`worker actor ${addr} must be an account`)
  return id
}

async function resolveControls(rt: Runtime, addrs: readonly Address[]): Promise<Address[]> {
  const max = minerPolicyOf(rt.policy).maxControlAddresses
  if (addrs.length > max)
    throw actorErrors.illegalArgument(`control addresses length ${addrs.length} exceeds max ${max}`)
  const out: Address[] = []
  for (const a of addrs) out.push(await resolveId(rt, a, 'control'))
  return out
}

function checkPeerId(rt: Runtime, peerId: Uint8Array): void {
  const max = minerPolicyOf(rt.policy).maxPeerIdLength
  if (peerId.length > max)
    throw actorErrors.illegalArgument(`peer ID size of ${peerId.length} exceeds maximum size of ${max}`)
}

export async function construct(rt: Runtime, p: MinerConstructorParams): Promise<void> {
  rt.validateCallerIs(INIT_ACTOR_ADDR)
  const policy = minerPolicyOf(rt.policy)
  checkPeerId(rt, p.peerId)
  const facts = windowPoStFacts(p.windowPoStProofType)
  const owner = await resolveId(rt, p.owner, 'owner')
  const worker = await resolveWorker(rt, p.worker)
  const controlAddresses = await resolveControls(rt, p.controlAddrs)
  const offset = assignProvingPeriodOffset(policy, rt.receiver, rt.epoch)
  const periodStart = currentProvingPeriodStart(policy, rt.epoch, offset)
  const deadlineIdx = currentDeadlineIndex(policy, rt.epoch, periodStart)
  if (periodStart > rt.epoch || deadlineIdx >= policy.wpostPeriodDeadlines)
    throw actorErrors.illegalState(`bad proving period start ${periodStart} at epoch ${rt.epoch}`)
  const info: MinerInfo = {
    owner,
    worker,
    controlAddresses,
    pendingWorkerKey: null,
    peerId: p.peerId,
    multiaddrs: p.multiaddrs,
    windowPoStProofType: p.windowPoStProofType,
    sectorSize: facts.sectorSize,
    windowPoStPartitionSectors: BigInt(facts.partitionSectors),
    consensusFaultElapsed: -1,
    pendingOwnerAddress: null,
    beneficiary: owner,
    beneficiaryTerm: { quota: 0n, usedQuota: 0n, expiration: 0 },
    pendingBeneficiaryTerm: null,
  }
  const store = rt.store
  const emptyDeadline = await putBlock(store, DeadlineCodec, {
    partitions: await emptyAmt(store, PARTITIONS_AMT_BIT_WIDTH),
    partitionsPoSted: BitField.empty,
    liveSectors: 0n,
    totalSectors: 0n,
    faultyPower: ZERO_POWER,
  })
  const st: MinerState = {
    info: await putBlock(store, MinerInfoCodec, info),
    preCommitDeposits: 0n,
    lockedFunds: 0n,
    vestingFunds: [],
    feeDebt: 0n,
    initialPledge: 0n,
    preCommittedSectors: await emptyHamt(store, PRECOMMIT_HAMT_BIT_WIDTH),
    preCommittedSectorsCleanUp: await emptyAmt(store, PRECOMMIT_EXPIRY_AMT_BIT_WIDTH),
    allocatedSectors: BitField.empty,
    sectors: await emptyAmt(store, SECTORS_AMT_BIT_WIDTH),
    provingPeriodStart: periodStart,
    currentDeadline: deadlineIdx,
    deadlines: await putBlock(store, DeadlinesCodec, {
      due: Array.from({ length: policy.wpostPeriodDeadlines }, () => emptyDeadline),
    }),
    earlyTerminations: BitField.empty,
    deadlineCronActive: false,
  }
  await rt.commit(MinerStateCodec, st)
}

export async function controlAddresses(rt: Runtime): Promise<GetControlAddressesReturn> {
  rt.validateCallerAny()
  const info = await loadInfo(rt, await rt.state(MinerStateCodec))
  return { owner: info.owner, worker: info.worker, controlAddresses: info.controlAddresses }
}

/** Control addresses change now; a new worker key takes effect after WorkerKeyChangeDelay (then Confirm). */
export async function changeWorkerAddress(rt: Runtime, p: ChangeWorkerAddressParams): Promise<void> {
  const worker = await resolveWorker(rt, p.newWorker)
  const controls = await resolveControls(rt, p.newControlAddresses)
  const delay = minerPolicyOf(rt.policy).workerKeyChangeDelay
  await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    rt.validateCallerIs(info.owner)
    info.controlAddresses = controls
    if (!worker.equals(info.worker) && !(info.pendingWorkerKey?.newWorker.equals(worker) ?? false))
      info.pendingWorkerKey = { newWorker: worker, effectiveAt: rt.epoch + delay }
    await saveInfo(rt, st, info)
  })
}

/** Applies a pending worker key change that has become effective (`process_pending_worker`). */
export function processPendingWorker(info: MinerInfo, epoch: number): boolean {
  const pending = info.pendingWorkerKey
  if (!pending || epoch < pending.effectiveAt) return false
  info.worker = pending.newWorker
  info.pendingWorkerKey = null
  return true
}

export async function confirmChangeWorkerAddress(rt: Runtime): Promise<void> {
  await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    rt.validateCallerIs(info.owner)
    if (!info.pendingWorkerKey) throw actorErrors.illegalState('no pending key change')
    if (processPendingWorker(info, rt.epoch)) await saveInfo(rt, st, info)
  })
}

export async function changePeerId(rt: Runtime, p: ChangePeerIDParams): Promise<void> {
  checkPeerId(rt, p.newId)
  await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    rt.validateCallerIs(...controlling(info))
    info.peerId = p.newId
    await saveInfo(rt, st, info)
  })
}

/**
 * Two-step owner change: the owner proposes (proposing itself cancels), the proposed address confirms.
 * A beneficiary that was the old owner follows the new one.
 */
export async function changeOwnerAddress(rt: Runtime, newOwner: Address): Promise<void> {
  const id = await resolveId(rt, newOwner, 'new owner')
  await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    if (rt.caller.equals(info.owner)) {
      info.pendingOwnerAddress = id.equals(info.owner) ? null : id
    } else {
      const pending = info.pendingOwnerAddress
      if (!pending || !rt.caller.equals(pending) || !id.equals(pending))
        throw actorErrors.forbidden(`caller ${rt.caller} is neither the owner nor the proposed owner ${id}`)
      if (info.beneficiary.equals(info.owner)) info.beneficiary = pending
      info.owner = pending
      info.pendingOwnerAddress = null
    }
    await saveInfo(rt, st, info)
  })
}

/** Sends up to the requested amount of the available balance to the beneficiary; returns what was sent. */
export async function withdrawBalance(rt: Runtime, p: WithdrawBalanceParams): Promise<bigint> {
  if (p.amountRequested < 0n)
    throw actorErrors.illegalArgument(`negative fund requested for withdrawal: ${p.amountRequested}`)
  const balance = await rt.balance()
  const { beneficiary, withdrawn, vested, debt } = await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    rt.validateCallerIs(info.owner, info.beneficiary)
    const vested = unlockVestedFunds(st, rt.epoch)
    const debt = repayDebt(st, balance)
    const avail = availableBalance(st, balance - debt.toBurn)
    if (st.feeDebt > 0n) throw actorErrors.insufficientFunds(`unlocked balance can not repay fee debt ${st.feeDebt}`)
    if (avail < 0n) throw actorErrors.insufficientFunds(`insufficient funds: available balance ${avail}`)
    const withdrawn = minBig(p.amountRequested, avail)
    checkBalanceInvariants(st, balance - debt.toBurn - withdrawn)
    return { beneficiary: info.beneficiary, withdrawn, vested, debt }
  })
  await burnFunds(rt, debt.toBurn)
  if (withdrawn > 0n) {
    const r = await rt.send(beneficiary, 0n, new Uint8Array(0), withdrawn)
    if (r.exitCode !== 0) throw actorErrors.illegalState(`failed to send ${withdrawn} to ${beneficiary}`)
  }
  await notifyPledgeChanged(rt, -(vested + debt.fromVesting))
  return withdrawn
}
