/**
 * PreCommitSectorBatch2 (28) and the legacy PreCommitSector (6): checks each sector, takes a deposit from
 * the available balance, allocates the sector number for good, and queues the precommit's cleanup (its
 * deposit is burned if it is not proven in time). Activates the deadline cron on the first precommit.
 * Deals are not supported (no market actor): a sector with deal IDs is refused.
 */
import { BitField } from '../../../crypto/bitfield.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { isSealedCid, isUnsealedCid } from './cid-prefix.ts'
import {
  burnFunds,
  checkBalanceInvariants,
  enrollDeadlineCron,
  loadInfo,
  notifyPledgeChanged,
  rewardContext,
} from './common.ts'
import { deadlineInfoAt, lastEpoch } from './deadline-info.ts'
import { preCommitDepositForPower, repayDebt } from './monies.ts'
import { minerPolicyOf, sealProofFacts, windowPoStFacts } from './policy.ts'
import type { SectorPreCommitOnChainInfo } from './sector-info.ts'
import { availableBalance, controlling, MinerStateCodec } from './state.ts'
import { PRECOMMIT_EXPIRY_AMT_BIT_WIDTH, queueAdd, updatePreCommits } from './store.ts'
import type { PreCommitSectorBatchParams2, PreCommitSectorParams, SectorPreCommitInfo } from './types-sectors.ts'

/** Largest sector number accepted (builtin-actors allows i64::MAX; this BitField stops at 2^53 − 2). */
export const MAX_SECTOR_NUMBER = Number.MAX_SAFE_INTEGER - 1

/** Largest batch accepted (`PRE_COMMIT_SECTOR_BATCH_MAX_SIZE`). */
export const PRE_COMMIT_SECTOR_BATCH_MAX_SIZE = 256

function checkSector(rt: Runtime, s: SectorPreCommitInfo, postProof: number): void {
  const policy = minerPolicyOf(rt.policy)
  const n = s.sectorNumber
  if (!policy.sealProofTypes.includes(s.sealProof))
    throw actorErrors.illegalArgument(`sector ${n}: unsupported seal proof type ${s.sealProof}`)
  if (sealProofFacts(s.sealProof).sectorSize !== windowPoStFacts(postProof).sectorSize)
    throw actorErrors.illegalArgument(
      `sector ${n}: seal proof ${s.sealProof} does not match the miner's PoSt proof ${postProof}`,
    )
  if (!isSealedCid(s.sealedCid)) throw actorErrors.illegalArgument(`sector ${n}: sealed CID had wrong prefix`)
  if (s.unsealedCid !== null && !isUnsealedCid(s.unsealedCid))
    throw actorErrors.illegalArgument(`sector ${n}: unsealed CID had wrong prefix`)
  if (s.dealIds.length > 0) throw actorErrors.illegalArgument(`sector ${n}: deals are not supported (no market actor)`)
  if (s.sealRandEpoch >= rt.epoch)
    throw actorErrors.illegalArgument(
      `sector ${n}: seal challenge epoch ${s.sealRandEpoch} must be before now ${rt.epoch}`,
    )
  if (s.sealRandEpoch < rt.epoch - policy.maxPreCommitRandomnessLookback)
    throw actorErrors.illegalArgument(`sector ${n}: seal challenge epoch ${s.sealRandEpoch} too old`)
  const activation = rt.epoch + policy.maxProveCommitDuration
  if (s.expiration <= activation)
    throw actorErrors.illegalArgument(`sector ${n}: expiration ${s.expiration} must be after activation ${activation}`)
  if (s.expiration - activation < policy.minSectorExpiration)
    throw actorErrors.illegalArgument(
      `sector ${n}: invalid expiration ${s.expiration}, lifetime must exceed ${policy.minSectorExpiration} after activation ${activation}`,
    )
  if (s.expiration > rt.epoch + policy.maxSectorExpirationExtension)
    throw actorErrors.illegalArgument(`sector ${n}: expiration ${s.expiration} too far in the future`)
}

export async function preCommitSectorBatch2(rt: Runtime, p: PreCommitSectorBatchParams2): Promise<void> {
  const sectors = p.sectors
  if (sectors.length === 0) throw actorErrors.illegalArgument('batch empty')
  if (sectors.length > PRE_COMMIT_SECTOR_BATCH_MAX_SIZE)
    throw actorErrors.illegalArgument(`batch of ${sectors.length} too large, max ${PRE_COMMIT_SECTOR_BATCH_MAX_SIZE}`)
  for (const s of sectors)
    if (s.sectorNumber > MAX_SECTOR_NUMBER)
      throw actorErrors.illegalArgument(`sector number ${s.sectorNumber} out of range 0..${MAX_SECTOR_NUMBER}`)
  const numbers = BitField.fromSet(sectors.map((s) => s.sectorNumber))
  if (numbers.count !== sectors.length) throw actorErrors.illegalArgument('batch has duplicate sector numbers')
  const policy = minerPolicyOf(rt.policy)
  const ctx = await rewardContext(rt)
  const balance = await rt.balance()
  const { toBurn, fromVesting, needsCron, provingPeriodStart } = await rt.transaction(MinerStateCodec, async (st) => {
    const info = await loadInfo(rt, st)
    rt.validateCallerIs(...controlling(info))
    for (const s of sectors) checkSector(rt, s, info.windowPoStProofType)
    const dup = st.allocatedSectors.intersect(numbers)
    if (!dup.isEmpty)
      throw actorErrors.illegalArgument(`sector numbers already allocated: ${dup.toArray(16).join(', ')}`)
    const debt = repayDebt(st, balance)
    if (st.feeDebt > 0n) throw actorErrors.insufficientFunds(`unpaid fee debt ${st.feeDebt}`)
    const onChain: SectorPreCommitOnChainInfo[] = []
    let total = 0n
    for (const s of sectors) {
      const deposit = preCommitDepositForPower(ctx, info.sectorSize)
      total += deposit
      onChain.push({ info: s, preCommitDeposit: deposit, preCommitEpoch: rt.epoch })
    }
    const avail = availableBalance(st, balance - debt.toBurn)
    if (avail < total)
      throw actorErrors.insufficientFunds(`insufficient funds ${avail} for pre-commit deposit: ${total}`)
    st.preCommitDeposits += total
    st.allocatedSectors = st.allocatedSectors.union(numbers)
    st.preCommittedSectors = await updatePreCommits(
      rt.store,
      st.preCommittedSectors,
      onChain.map((c) => [c.info.sectorNumber, c]),
    )
    const cleanupAt = rt.epoch + policy.maxProveCommitDuration + 1 + policy.expiredPreCommitCleanUpDelay
    st.preCommittedSectorsCleanUp = await queueAdd(
      rt.store,
      st.preCommittedSectorsCleanUp,
      PRECOMMIT_EXPIRY_AMT_BIT_WIDTH,
      cleanupAt,
      numbers,
    )
    const needsCron = !st.deadlineCronActive
    st.deadlineCronActive = true
    checkBalanceInvariants(st, balance - debt.toBurn)
    return { ...debt, needsCron, provingPeriodStart: st.provingPeriodStart }
  })
  await burnFunds(rt, toBurn)
  await notifyPledgeChanged(rt, -fromVesting)
  if (needsCron) await enrollDeadlineCron(rt, lastEpoch(deadlineInfoAt(policy, provingPeriodStart, rt.epoch)))
}

/** The legacy single-sector precommit: the replace-capacity fields must be unset. */
export async function preCommitSector(rt: Runtime, p: PreCommitSectorParams): Promise<void> {
  if (
    p.replaceCapacity ||
    p.replaceSectorDeadline !== 0n ||
    p.replaceSectorPartition !== 0n ||
    p.replaceSectorNumber !== 0n
  )
    throw actorErrors.illegalArgument('replace capacity is no longer supported')
  await preCommitSectorBatch2(rt, {
    sectors: [
      {
        sealProof: p.sealProof,
        sectorNumber: p.sectorNumber,
        sealedCid: p.sealedCid,
        sealRandEpoch: p.sealRandEpoch,
        dealIds: p.dealIds,
        expiration: p.expiration,
        unsealedCid: null,
      },
    ],
  })
}
