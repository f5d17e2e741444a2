/**
 * The storage power actor's state (`builtin-actors:actors/power/src/state.rs`, actors v15+ field order):
 * network totals, this epoch's snapshot of them, the claims HAMT (miner ID address bytes -> Claim,
 * bit width 5) and the cron event queue (epoch -> AMT of CronEvent, bit widths 6, keyed by the epoch's
 * zigzag varint, `epoch_key`). The QA power estimate is kept constant at the current QA power (no
 * alpha-beta filter).
 */
import { Address } from '../../../core/address.ts'
import { BigIntCodec } from '../../../core/bigint.ts'
import type { CID } from '../../../core/cid.ts'
import { Bytes, Cid, type Codec, I64, nullable, U64, Uint } from '../../../core/codec.ts'
import { AddressCodec } from '../../../core/address.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type FilterEstimate, FilterEstimateCodec } from '../filter-estimate.ts'
import type { ChainPolicy } from '../../vm/runtime.ts'

export interface PowerState {
  totalRawBytePower: bigint
  totalBytesCommitted: bigint
  totalQualityAdjPower: bigint
  totalQABytesCommitted: bigint
  totalPledgeCollateral: bigint
  thisEpochRawBytePower: bigint
  thisEpochQualityAdjPower: bigint
  thisEpochPledgeCollateral: bigint
  thisEpochQAPowerSmoothed: FilterEstimate
  minerCount: bigint
  minerAboveMinPowerCount: bigint
  /** FIP-0081 pledge ramp (0 here: the devnet starts on the new rules). */
  rampStartEpoch: bigint
  rampDurationEpochs: bigint
  cronEventQueue: CID
  firstCronEpoch: bigint
  claims: CID
  /** Deprecated by FIP-0084; always null. */
  proofValidationBatch: CID | null
}

export const PowerStateCodec: Codec<PowerState> = tupleCodec<PowerState>('PowerState', {
  totalRawBytePower: ['TotalRawBytePower', BigIntCodec],
  totalBytesCommitted: ['TotalBytesCommitted', BigIntCodec],
  totalQualityAdjPower: ['TotalQualityAdjPower', BigIntCodec],
  totalQABytesCommitted: ['TotalQABytesCommitted', BigIntCodec],
  totalPledgeCollateral: ['TotalPledgeCollateral', BigIntCodec],
  thisEpochRawBytePower: ['ThisEpochRawBytePower', BigIntCodec],
  thisEpochQualityAdjPower: ['ThisEpochQualityAdjPower', BigIntCodec],
  thisEpochPledgeCollateral: ['ThisEpochPledgeCollateral', BigIntCodec],
  thisEpochQAPowerSmoothed: ['ThisEpochQAPowerSmoothed', FilterEstimateCodec],
  minerCount: ['MinerCount', I64],
  minerAboveMinPowerCount: ['MinerAboveMinPowerCount', I64],
  rampStartEpoch: ['RampStartEpoch', I64],
  rampDurationEpochs: ['RampDurationEpochs', U64],
  cronEventQueue: ['CronEventQueue', Cid],
  firstCronEpoch: ['FirstCronEpoch', I64],
  claims: ['Claims', Cid],
  proofValidationBatch: ['ProofValidationBatch', nullable(Cid)],
})

/** A miner's claimed power `[WindowPoStProofType, RawBytePower, QualityAdjPower]`. */
export interface Claim {
  windowPoStProofType: number
  rawBytePower: bigint
  qualityAdjPower: bigint
}
export const ClaimCodec: Codec<Claim> = tupleCodec<Claim>('Claim', {
  windowPoStProofType: ['WindowPoStProofType', Uint],
  rawBytePower: ['RawBytePower', BigIntCodec],
  qualityAdjPower: ['QualityAdjPower', BigIntCodec],
})

/** A queued cron callback `[MinerAddr, CallbackPayload]`. */
export interface CronEvent {
  minerAddr: Address
  callbackPayload: Uint8Array
}
export const CronEventCodec: Codec<CronEvent> = tupleCodec<CronEvent>('CronEvent', {
  minerAddr: ['MinerAddr', AddressCodec],
  callbackPayload: ['CallbackPayload', Bytes],
})

export const CLAIMS_HAMT_BIT_WIDTH = 5
export const CRON_QUEUE_HAMT_BIT_WIDTH = 6
export const CRON_QUEUE_AMT_BIT_WIDTH = 6

/**
 * Adds power deltas to a claim and to the totals, honouring the consensus minimum: power counts towards
 * the totals only while the miner's raw power is at or above `consensusMinerMinPower`
 * (`State::add_to_claim`). Mutates both.
 */
export function addToClaim(policy: ChainPolicy, st: PowerState, claim: Claim, raw: bigint, qa: bigint): void {
  const min = policy.consensusMinerMinPower
  const oldRaw = claim.rawBytePower
  const oldQa = claim.qualityAdjPower
  claim.rawBytePower += raw
  claim.qualityAdjPower += qa
  st.totalBytesCommitted += raw
  st.totalQABytesCommitted += qa
  const prevBelow = oldRaw < min
  const stillBelow = claim.rawBytePower < min
  if (prevBelow && !stillBelow) {
    st.minerAboveMinPowerCount += 1n
    st.totalRawBytePower += claim.rawBytePower
    st.totalQualityAdjPower += claim.qualityAdjPower
  } else if (!prevBelow && stillBelow) {
    st.minerAboveMinPowerCount -= 1n
    st.totalRawBytePower -= oldRaw
    st.totalQualityAdjPower -= oldQa
  } else if (!prevBelow && !stillBelow) {
    st.totalRawBytePower += raw
    st.totalQualityAdjPower += qa
  }
}

/**
 * The network's power as consensus sees it: the totals above the minimum, or — while fewer than
 * `consensusMinerMinMiners` miners reach it — all committed power (`State::current_total_power`).
 */
export function currentTotalPower(policy: ChainPolicy, st: PowerState): { raw: bigint; qa: bigint } {
  if (st.minerAboveMinPowerCount < BigInt(policy.consensusMinerMinMiners))
    return { raw: st.totalBytesCommitted, qa: st.totalQABytesCommitted }
  return { raw: st.totalRawBytePower, qa: st.totalQualityAdjPower }
}

/** Whether a miner's claim makes it eligible to win blocks (`miner_nominal_power_meets_consensus_minimum`). */
export function claimMeetsConsensusMinimum(policy: ChainPolicy, st: PowerState, claim: Claim): boolean {
  if (claim.rawBytePower >= policy.consensusMinerMinPower) return true
  if (st.minerAboveMinPowerCount >= BigInt(policy.consensusMinerMinMiners)) return false
  return claim.rawBytePower > 0n
}

/** The claims HAMT key of a miner. */
export const claimKey = (miner: Address): Uint8Array => miner.bytes

/** Decodes a claims HAMT key back into the miner's address. */
export const claimKeyAddress = (key: Uint8Array): Address => Address.fromBytes(key)
