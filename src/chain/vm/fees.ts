/**
 * Fee arithmetic of a message, exactly Lotus's `ComputeGasOutputs` and `ComputeGasOverestimationBurn`
 * (`lotus:chain/vm/burn.go`): the base fee times gas used is burned; the miner tip is
 * min(premium, feeCap − baseFee) × gasLimit; part of the unused gas is burned as over-estimation; the rest
 * of the sender's up-front gasLimit × feeCap comes back as a refund.
 */

/** Over-estimation above 110% of the gas used is penalised (`gasOveruseNum/gasOveruseDenom`). */
const GAS_OVERUSE_NUM = 11n
const GAS_OVERUSE_DENOM = 10n

export interface GasOutputs {
  baseFeeBurn: bigint
  overEstimationBurn: bigint
  /** What the block's miner is penalised (base fee above the fee cap); not moved by the VM. */
  minerPenalty: bigint
  minerTip: bigint
  refund: bigint
  gasRefund: bigint
  gasBurned: bigint
}

export const ZERO_GAS_OUTPUTS: GasOutputs = {
  baseFeeBurn: 0n,
  overEstimationBurn: 0n,
  minerPenalty: 0n,
  minerTip: 0n,
  refund: 0n,
  gasRefund: 0n,
  gasBurned: 0n,
}

/** Returns [gas refunded, gas burned] for a message that used `gasUsed` of `gasLimit`. */
export function gasOverestimationBurn(gasUsed: bigint, gasLimit: bigint): [bigint, bigint] {
  if (gasUsed === 0n) return [0n, gasLimit]
  let over = gasLimit - (GAS_OVERUSE_NUM * gasUsed) / GAS_OVERUSE_DENOM
  if (over < 0n) return [gasLimit - gasUsed, 0n]
  if (over > gasUsed) over = gasUsed
  const toBurn = (over * (gasLimit - gasUsed)) / gasUsed
  return [gasLimit - gasUsed - toBurn, toBurn]
}

/** Splits the fee of a message (`chargeNetworkFee` is always true for chain messages). */
export function computeGasOutputs(
  gasUsed: bigint,
  gasLimit: bigint,
  baseFee: bigint,
  feeCap: bigint,
  premium: bigint,
  chargeNetworkFee = true,
): GasOutputs {
  const out = { ...ZERO_GAS_OUTPUTS }
  let baseFeeToPay = baseFee
  if (baseFee > feeCap) {
    baseFeeToPay = feeCap
    out.minerPenalty = (baseFee - feeCap) * gasUsed
  }
  if (chargeNetworkFee) out.baseFeeBurn = baseFeeToPay * gasUsed
  let tip = premium
  if (baseFeeToPay + tip > feeCap) tip = feeCap - baseFeeToPay
  out.minerTip = tip * gasLimit
  ;[out.gasRefund, out.gasBurned] = gasOverestimationBurn(gasUsed, gasLimit)
  if (out.gasBurned !== 0n) {
    out.overEstimationBurn = baseFeeToPay * out.gasBurned
    out.minerPenalty += (baseFee - baseFeeToPay) * out.gasBurned
  }
  out.refund = gasLimit * feeCap - out.baseFeeBurn - out.minerTip - out.overEstimationBurn
  return out
}
