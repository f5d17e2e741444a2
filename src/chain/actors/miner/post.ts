/**
 * SubmitWindowedPoSt (5), DeclareFaults (10) and DeclareFaultsRecovered (11)
 * (`builtin-actors:actors/miner/src/lib.rs`). A PoSt is accepted only for the current deadline while it is
 * open, with chain-commit randomness that matches the chain; it proves the listed partitions' live,
 * non-faulty sectors through `rt.verifyWindowPoSt`. Skipped sectors become faults, declared recoveries are
 * confirmed, and unproven sectors gain power. Declarations are refused once a deadline's fault cutoff has
 * passed (they then apply to the next period's occurrence only after it closes).
 */
import { bytesEqual } from '../../../util/bytes.ts'
import { BitField } from '../../../crypto/bitfield.ts'
import { DomainSeparationTag } from '../../../crypto/randomness.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { loadInfo, requestUpdatePower, receiverEntropy } from './common.ts'
import { declarationDeadlineInfo, deadlineInfoAt, faultCutoffPassed, periodStarted } from './deadline-info.ts'
import { activateUnproven, declareRecoveries, liveSectors, recordFaults, recoverFaults } from './partition.ts'
import { minerPolicyOf } from './policy.ts'
import {
  addPower,
  controlling,
  DeadlinesCodec,
  MinerStateCodec,
  type Partition,
  type PowerPair,
  subPower,
  ZERO_POWER,
} from './state.ts'
import {
  getSectors,
  loadDeadline,
  loadDeadlines,
  loadPartitions,
  putBlock,
  storeDeadline,
  storePartitions,
} from './store.ts'
import type {
  DeclareFaultsParams,
  DeclareFaultsRecoveredParams,
  SectorDeclaration,
  SubmitWindowedPoStParams,
} from './types-post.ts'

export async function submitWindowedPoSt(rt: Runtime, p: SubmitWindowedPoStParams): Promise<void> {
  const policy = minerPolicyOf(rt.policy)
  if (p.proofs.length !== 1) throw actorErrors.illegalArgument(`expected exactly one proof, got ${p.proofs.length}`)
  if (p.deadline >= policy.wpostPeriodDeadlines)
    throw actorErrors.illegalArgument(`invalid deadline ${p.deadline} of ${policy.wpostPeriodDeadlines}`)
  if (p.chainCommitRand.length > 32) throw actorErrors.illegalArgument('expected at most 32 bytes of randomness')
  const st0 = await rt.state(MinerStateCodec)
  const info = await loadInfo(rt, st0)
  rt.validateCallerIs(...controlling(info))
  if (p.proofs[0]!.postProof !== info.windowPoStProofType)
    throw actorErrors.illegalArgument(
      `expected proof of type ${info.windowPoStProofType}, got ${p.proofs[0]!.postProof}`,
    )
  const dl = deadlineInfoAt(policy, st0.provingPeriodStart, rt.epoch)
  if (!periodStarted(dl))
    throw actorErrors.illegalArgument(`proving period ${dl.periodStart} not yet open at ${rt.epoch}`)
  if (p.deadline !== dl.index)
    throw actorErrors.illegalArgument(`invalid deadline ${p.deadline} at epoch ${rt.epoch}, expected ${dl.index}`)
  if (p.chainCommitEpoch < dl.challenge)
    throw actorErrors.illegalArgument(`expected chain commit epoch ${p.chainCommitEpoch} to be after ${dl.challenge}`)
  if (p.chainCommitEpoch >= rt.epoch)
    throw actorErrors.illegalArgument(
      `chain commit epoch ${p.chainCommitEpoch} must be less than the current epoch ${rt.epoch}`,
    )
  const commRand = await rt.randomnessFromTickets(
    DomainSeparationTag.PoStChainCommit,
    p.chainCommitEpoch,
    new Uint8Array(0),
  )
  if (!bytesEqual(commRand, p.chainCommitRand)) throw actorErrors.illegalArgument('post commit randomness mismatched')

  const size = info.sectorSize
  const challenged = await rt.transaction(MinerStateCodec, async (st) => {
    const dls = await loadDeadlines(rt.store, st.deadlines)
    const deadline = await loadDeadline(rt.store, dls, p.deadline)
    const parts = await loadPartitions(rt.store, deadline)
    const changed = new Map<number, Partition>()
    let delta: PowerPair = ZERO_POWER
    let proveSet = BitField.empty
    for (const pp of p.partitions) {
      const part = parts.get(pp.index)
      if (!part) throw actorErrors.notFound(`no such partition ${p.deadline}:${pp.index}`)
      if (deadline.partitionsPoSted.has(pp.index) || changed.has(pp.index)) continue
      if (!pp.skipped.subtract(part.sectors).isEmpty)
        throw actorErrors.illegalArgument(`skipped sectors outside partition ${pp.index}`)
      const faulted = recordFaults(part, pp.skipped, size)
      deadline.faultyPower = addPower(deadline.faultyPower, faulted.newFaulty)
      delta = addPower(delta, faulted.delta)
      const recovered = recoverFaults(part, size)
      deadline.faultyPower = subPower(deadline.faultyPower, recovered)
      delta = addPower(delta, recovered)
      delta = addPower(delta, activateUnproven(part))
      proveSet = proveSet.union(liveSectors(part).subtract(part.faults))
      changed.set(pp.index, part)
    }
    if (changed.size === 0) throw actorErrors.illegalArgument('all partitions already proven or none given')
    deadline.partitionsPoSted = deadline.partitionsPoSted.union(BitField.fromSet(changed.keys()))
    await storePartitions(rt.store, deadline, changed)
    await storeDeadline(rt.store, dls, p.deadline, deadline)
    st.deadlines = await putBlock(rt.store, DeadlinesCodec, dls)
    return { sectors: await getSectors(rt.store, st.sectors, proveSet), delta }
  })
  if (challenged.sectors.length > 0) {
    const randomness = await rt.randomnessFromBeacon(
      DomainSeparationTag.WindowedPoStChallengeSeed,
      dl.challenge,
      receiverEntropy(rt),
    )
    const ok = await rt.verifyWindowPoSt({
      randomness,
      proofs: p.proofs.map((x) => ({ postProof: x.postProof, proofBytes: x.proofBytes })),
      challengedSectors: challenged.sectors.map((s) => ({
        sealProof: s.sealProof,
        sectorNumber: BigInt(s.sectorNumber),
        sealedCid: s.sealedCid,
      })),
      prover: rt.receiver,
    })
    if (!ok) throw actorErrors.illegalArgument(`invalid PoSt for deadline ${p.deadline}`)
  }
  await requestUpdatePower(rt, challenged.delta)
}

type Declare = (part: Partition, sectors: BitField, size: bigint) => { faulty: PowerPair; delta: PowerPair }

async function declare(rt: Runtime, decls: SectorDeclaration[], apply: Declare): Promise<PowerPair> {
  const policy = minerPolicyOf(rt.policy)
  return rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    rt.validateCallerIs(...controlling(info))
    const dls = await loadDeadlines(rt.store, st.deadlines)
    let delta: PowerPair = ZERO_POWER
    const byDeadline = new Map<number, SectorDeclaration[]>()
    for (const d of decls) {
      if (d.deadline >= policy.wpostPeriodDeadlines) throw actorErrors.illegalArgument(`invalid deadline ${d.deadline}`)
      const di = declarationDeadlineInfo(policy, st.provingPeriodStart, d.deadline, rt.epoch)
      if (faultCutoffPassed(di))
        throw actorErrors.illegalArgument(
          `late declaration for deadline ${d.deadline}: fault cutoff ${di.faultCutoff} passed`,
        )
      byDeadline.set(d.deadline, [...(byDeadline.get(d.deadline) ?? []), d])
    }
    for (const [idx, list] of byDeadline) {
      const deadline = await loadDeadline(rt.store, dls, idx)
      const parts = await loadPartitions(rt.store, deadline)
      const changed = new Map<number, Partition>()
      for (const d of list) {
        const part = changed.get(d.partition) ?? parts.get(d.partition)
        if (!part) throw actorErrors.notFound(`no such partition ${idx}:${d.partition}`)
        if (!d.sectors.subtract(part.sectors).isEmpty)
          throw actorErrors.illegalArgument(`sectors not in partition ${idx}:${d.partition}`)
        const r = apply(part, d.sectors, info.sectorSize)
        deadline.faultyPower = addPower(deadline.faultyPower, r.faulty)
        delta = addPower(delta, r.delta)
        changed.set(d.partition, part)
      }
      await storePartitions(rt.store, deadline, changed)
      await storeDeadline(rt.store, dls, idx, deadline)
    }
    st.deadlines = await putBlock(rt.store, DeadlinesCodec, dls)
    return delta
  })
}

export async function declareFaults(rt: Runtime, p: DeclareFaultsParams): Promise<void> {
  const delta = await declare(rt, p.faults, (part, sectors, size) => {
    const r = recordFaults(part, sectors, size)
    return { faulty: r.newFaulty, delta: r.delta }
  })
  await requestUpdatePower(rt, delta)
}

export async function declareFaultsRecovered(rt: Runtime, p: DeclareFaultsRecoveredParams): Promise<void> {
  await declare(rt, p.recoveries, (part, sectors, size) => {
    declareRecoveries(part, sectors, size)
    return { faulty: ZERO_POWER, delta: ZERO_POWER }
  })
}
