/**
 * ProveCommitSectors3 (34) and the legacy ProveCommitSector (7). After PreCommitChallengeDelay the
 * interactive randomness is drawn, each sector's seal proof is checked through `rt.verifySeal` (the VM's
 * injected verifier; actors never import proofs), and proven sectors are activated: the precommit deposit
 * is released, the initial pledge locked, a SectorOnChainInfo written and the sector assigned to a
 * deadline. As in current builtin-actors, a new sector is "unproven": its power is claimed when its first
 * WindowPoSt proves it. Aggregate proofs and piece activation (market/verifreg) are not supported: pieces
 * are refused unless the precommit named its unsealed CID, and notifications are refused.
 */
import { ExitCode } from '../../../core/exit-code.ts'
import { DomainSeparationTag } from '../../../crypto/randomness.ts'
import { ActorError, actorErrors } from '../../vm/actor-error.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { assignSectorsToDeadlines } from './assign.ts'
import { zeroCommD } from './cid-prefix.ts'
import { checkBalanceInvariants, loadInfo, notifyPledgeChanged, receiverEntropy, rewardContext } from './common.ts'
import { initialPledgeForPower } from './monies.ts'
import { minerPolicyOf } from './policy.ts'
import { SIMPLE_QA_POWER, type SectorOnChainInfo, type SectorPreCommitOnChainInfo } from './sector-info.ts'
import { controlling, MinerStateCodec } from './state.ts'
import { getPreCommit, putSectors, updatePreCommits } from './store.ts'
import type { BatchReturn, ProveCommitSectorParams, ProveCommitSectors3Params } from './types-sectors.ts'

interface Claim {
  sectorNumber: number
  proof: Uint8Array
  hasPieces: boolean
}

/** Checks one claim; returns its precommit or the exit code it fails with. */
async function verifyOne(rt: Runtime, c: Claim): Promise<SectorPreCommitOnChainInfo | ActorError> {
  const policy = minerPolicyOf(rt.policy)
  const st = await rt.state(MinerStateCodec)
  const pc = await getPreCommit(rt.store, st.preCommittedSectors, c.sectorNumber)
  if (!pc) return actorErrors.notFound(`no pre-commited sector ${c.sectorNumber}`)
  const interactiveEpoch = pc.preCommitEpoch + policy.preCommitChallengeDelay
  if (rt.epoch <= interactiveEpoch)
    return actorErrors.forbidden(`too early to prove sector ${c.sectorNumber}: wait until after ${interactiveEpoch}`)
  if (rt.epoch > pc.preCommitEpoch + policy.maxProveCommitDuration)
    return actorErrors.illegalArgument(`commitment proof for ${c.sectorNumber} too late`)
  if (c.hasPieces && pc.info.unsealedCid === null)
    return actorErrors.illegalArgument(`sector ${c.sectorNumber} has pieces but was precommitted without data`)
  const entropy = receiverEntropy(rt)
  const randomness = await rt.randomnessFromTickets(DomainSeparationTag.SealRandomness, pc.info.sealRandEpoch, entropy)
  const interactiveRandomness = await rt.randomnessFromBeacon(
    DomainSeparationTag.InteractiveSealChallengeSeed,
    interactiveEpoch,
    entropy,
  )
  const ok = await rt.verifySeal({
    sealProof: pc.info.sealProof,
    miner: rt.receiver,
    sectorNumber: BigInt(c.sectorNumber),
    dealIds: pc.info.dealIds,
    randomness,
    interactiveRandomness,
    proof: c.proof,
    sealedCid: pc.info.sealedCid,
    unsealedCid: pc.info.unsealedCid ?? zeroCommD(pc.info.sealProof),
  })
  if (!ok) return actorErrors.illegalArgument(`invalid seal proof for sector ${c.sectorNumber}`)
  return pc
}

async function proveCommit(rt: Runtime, claims: Claim[], requireAll: boolean): Promise<BatchReturn> {
  const st0 = await rt.state(MinerStateCodec)
  const info = await loadInfo(rt, st0)
  rt.validateCallerIs(...controlling(info))
  const seen = new Set<number>()
  const proven: SectorPreCommitOnChainInfo[] = []
  const failCodes: BatchReturn['failCodes'] = []
  for (const [idx, c] of claims.entries()) {
    const r = seen.has(c.sectorNumber)
      ? actorErrors.illegalArgument(`sector ${c.sectorNumber} listed twice`)
      : await verifyOne(rt, c)
    seen.add(c.sectorNumber)
    if (r instanceof ActorError) {
      if (requireAll) throw r
      failCodes.push({ idx, code: r.exitCode })
    } else proven.push(r)
  }
  if (proven.length === 0) throw new ActorError(ExitCode.ErrIllegalArgument, 'no sectors were proven')
  const ctx = await rewardContext(rt)
  const balance = await rt.balance()
  const policy = minerPolicyOf(rt.policy)
  const pledge = await rt.transaction(MinerStateCodec, async (st) => {
    let totalPledge = 0n
    const infos: SectorOnChainInfo[] = proven.map((pc) => {
      const initialPledge = initialPledgeForPower(ctx, info.sectorSize)
      totalPledge += initialPledge
      st.preCommitDeposits -= pc.preCommitDeposit
      return {
        sectorNumber: pc.info.sectorNumber,
        sealProof: pc.info.sealProof,
        sealedCid: pc.info.sealedCid,
        dealIds: pc.info.dealIds,
        activation: rt.epoch,
        expiration: pc.info.expiration,
        dealWeight: 0n,
        verifiedDealWeight: 0n,
        initialPledge,
        expectedDayReward: null,
        expectedStoragePledge: null,
        powerBaseEpoch: rt.epoch,
        replacedDayReward: null,
        sectorKeyCid: null,
        flags: SIMPLE_QA_POWER,
        dailyFee: 0n,
      }
    })
    st.preCommittedSectors = await updatePreCommits(
      rt.store,
      st.preCommittedSectors,
      proven.map((pc) => [pc.info.sectorNumber, null]),
    )
    st.initialPledge += totalPledge
    if (balance - st.lockedFunds - st.preCommitDeposits - st.initialPledge - st.feeDebt < 0n)
      throw actorErrors.insufficientFunds(`insufficient funds for initial pledge ${totalPledge}`)
    st.sectors = await putSectors(rt.store, st.sectors, infos)
    await assignSectorsToDeadlines(
      rt.store,
      policy,
      st,
      rt.epoch,
      infos.map((s) => s.sectorNumber),
      Number(info.windowPoStPartitionSectors),
      info.sectorSize,
    )
    checkBalanceInvariants(st, balance)
    return totalPledge
  })
  await notifyPledgeChanged(rt, pledge)
  return { successCount: proven.length, failCodes }
}

export async function proveCommitSectors3(rt: Runtime, p: ProveCommitSectors3Params): Promise<BatchReturn> {
  if (p.aggregateProof.length > 0 || p.aggregateProofType !== null)
    throw actorErrors.illegalArgument('aggregate proofs are not supported')
  if (p.sectorProofs.length !== p.sectorActivations.length)
    throw actorErrors.illegalArgument(
      `${p.sectorProofs.length} proofs for ${p.sectorActivations.length} sectors: one proof per sector required`,
    )
  for (const a of p.sectorActivations)
    for (const piece of a.pieces)
      if (piece.notify.length > 0 || piece.verifiedAllocationKey !== null)
        throw actorErrors.illegalArgument(
          `sector ${a.sectorNumber}: piece notifications and allocations are not supported`,
        )
  const claims = p.sectorActivations.map((a, i) => ({
    sectorNumber: a.sectorNumber,
    proof: p.sectorProofs[i]!,
    hasPieces: a.pieces.length > 0,
  }))
  return proveCommit(rt, claims, p.requireActivationSuccess)
}

export async function proveCommitSector(rt: Runtime, p: ProveCommitSectorParams): Promise<void> {
  await proveCommit(rt, [{ sectorNumber: p.sectorNumber, proof: p.proof, hasPieces: false }], true)
}
