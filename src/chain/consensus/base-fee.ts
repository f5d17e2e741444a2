/**
 * The classic (utilization) base fee rule (Lotus `chain/store/basefee.go ComputeNextBaseFee`, post-Smoke):
 * delta = ΣuniqueGasLimit / nBlocks − target, clamped to ±target;
 * next = parent + parent · delta / target / BaseFeeMaxChangeDenom (Go Euclidean divisions), floor minimum.
 * The newer premium-based rule (FireHorse) is not used by this network.
 */
import type { NetworkProfile } from '../../params/profile.ts'
import { InvalidError } from '../../util/errors.ts'
import { divEuclid } from './q256.ts'

/** Lotus `BaseFeeMaxChangeDenom`: at most 12.5% change per epoch. */
export const BASE_FEE_MAX_CHANGE_DENOM = 8n

/** Go int64 division truncates toward zero; JS bigint division does the same. */
function truncDiv(a: bigint, b: bigint): bigint {
  return a / b
}

/** The next base fee from the parent's, the gas limits of a tipset's unique messages, and its block count. */
export function computeNextBaseFee(
  parentBaseFee: bigint,
  gasLimitsOfUniqueMessages: Iterable<bigint>,
  nBlocks: number,
  profile: Pick<NetworkProfile, 'blockGasTarget' | 'minimumBaseFee'>,
): bigint {
  if (!Number.isSafeInteger(nBlocks) || nBlocks < 1)
    throw new InvalidError(`base fee: a tipset has at least one block, got ${nBlocks}`)
  let used = 0n
  for (const g of gasLimitsOfUniqueMessages) used += g
  return nextBaseFeeFromUsage(parentBaseFee, used, nBlocks, profile)
}

/** `ComputeNextBaseFee` with the summed gas limit already known. */
export function nextBaseFeeFromUsage(
  parentBaseFee: bigint,
  gasLimitUsed: bigint,
  nBlocks: number,
  profile: Pick<NetworkProfile, 'blockGasTarget' | 'minimumBaseFee'>,
): bigint {
  const target = profile.blockGasTarget
  let delta = truncDiv(gasLimitUsed, BigInt(nBlocks)) - target
  if (delta > target) delta = target
  if (delta < -target) delta = -target
  const change = divEuclid(divEuclid(parentBaseFee * delta, target), BASE_FEE_MAX_CHANGE_DENOM)
  const next = parentBaseFee + change
  if (next < profile.minimumBaseFee) return profile.minimumBaseFee
  return next
}
