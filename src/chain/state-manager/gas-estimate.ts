/**
 * Gas estimation (Lotus `node/impl/full/gas.go`), simplified where Lotus uses chain statistics:
 * - GasLimit: the message applied after the sender's pending messages on the head's state with the block
 *   gas limit, fee cap MinimumBaseFee+1 and premium 1; the gas used times GasLimitOverestimation (1.25).
 *   A failing message is an error naming its exit code.
 * - GasPremium: the median premium of messages in the last `2·nblocks` tipsets (Lotus takes a
 *   gas-weighted percentile), at least MinGasPremium (100,000 attoFIL); no noise is added.
 * - GasFeeCap: the head's next base fee × ⌊1.125^20 · 256⌋ / 256 (Lotus's 20 blocks of maximal
 *   increase), plus the premium.
 * - Then the fee is capped at MaxFee (default 0.07 FIL, Lotus DefaultDefaultMaxFee).
 */
import type { Address } from '../../core/address.ts'
import { formatExitCode } from '../../core/exit-code.ts'
import type { Message } from '../../core/message.ts'
import type { TipSet } from '../../core/tipset.ts'
import { InvalidError } from '../../util/errors.ts'
import { applyOnState } from './call.ts'
import type { StateManager } from './state-manager.ts'

/** Lotus `GasLimitOverestimation`, as the fraction 5/4. */
export const GAS_LIMIT_OVERESTIMATION = { num: 5n, den: 4n } as const
/** Lotus `MinGasPremium`. */
export const MIN_GAS_PREMIUM = 100_000n
/** ⌊1.125^20 · 256⌋: Lotus's fee cap multiplier for 20 blocks (`GasEstimateFeeCap`, maxqueueblks = 20). */
export const FEE_CAP_FACTOR_256 = 2699n
/** Lotus `DefaultDefaultMaxFee`: 0.07 FIL. */
export const DEFAULT_MAX_FEE = 70_000_000_000_000_000n

export interface GasEstimateDeps {
  sm: StateManager
  /** The sender's pending messages in nonce order (applied before the estimated one). */
  pending: (from: Address) => readonly Message[]
  /** The sender's next nonce, counting pending messages. */
  nonce: (from: Address) => Promise<bigint>
}

/** The gas limit the message needs on `ts`'s state (× 1.25). */
export async function estimateGasLimit(d: GasEstimateDeps, msg: Message, ts: TipSet): Promise<bigint> {
  const profile = d.sm.opts.profile
  const m: Message = {
    ...msg,
    gasLimit: profile.blockGasLimit,
    gasFeeCap: profile.minimumBaseFee + 1n,
    gasPremium: 1n,
    nonce: await d.nonce(msg.from),
  }
  const baseFee = await d.sm.baseFee(ts)
  const r = await applyOnState(d.sm, ts, m, { baseFee, before: d.pending(msg.from) })
  if (r.receipt.exitCode !== 0)
    throw new InvalidError(
      `message execution failed: exit ${formatExitCode(r.receipt.exitCode)}${r.error ? `, reason: ${r.error}` : ''}`,
    )
  return (r.receipt.gasUsed * GAS_LIMIT_OVERESTIMATION.num) / GAS_LIMIT_OVERESTIMATION.den
}

/** A premium from recent messages (median), at least MIN_GAS_PREMIUM. */
export async function estimateGasPremium(sm: StateManager, nblocks: number, ts: TipSet): Promise<bigint> {
  const premiums: bigint[] = []
  let cur = ts
  for (let i = 0; i < Math.max(1, 2 * nblocks) && cur.height > 0; i++) {
    for (const m of await sm.chain.messagesForTipSet(cur)) premiums.push(m.message.gasPremium)
    cur = await sm.chain.loadTipSet(cur.parents)
  }
  if (premiums.length === 0) return MIN_GAS_PREMIUM
  premiums.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const median = premiums[Math.floor(premiums.length / 2)]!
  if (median < MIN_GAS_PREMIUM) return MIN_GAS_PREMIUM
  return median
}

/** The fee cap for a message with `premium` mined on `ts`. */
export async function estimateFeeCap(sm: StateManager, premium: bigint, ts: TipSet): Promise<bigint> {
  return ((await sm.baseFee(ts)) * FEE_CAP_FACTOR_256) / 256n + premium
}

/** Lotus `capGasFee`: GasFeeCap × GasLimit stays within `maxFee`; the premium within the fee cap. */
export function capGasFee(msg: Message, maxFee: bigint = DEFAULT_MAX_FEE): Message {
  if (maxFee === 0n || msg.gasFeeCap * msg.gasLimit <= maxFee) return msg
  const gasFeeCap = maxFee / msg.gasLimit
  let gasPremium = msg.gasPremium
  if (gasPremium > gasFeeCap) gasPremium = gasFeeCap
  return { ...msg, gasFeeCap, gasPremium }
}

/** GasEstimateMessageGas: fills whichever of GasLimit, GasPremium, GasFeeCap are 0, then caps the fee. */
export async function estimateMessageGas(
  d: GasEstimateDeps,
  msg: Message,
  ts: TipSet,
  maxFee: bigint = DEFAULT_MAX_FEE,
): Promise<Message> {
  let m = msg
  if (m.gasLimit === 0n) m = { ...m, gasLimit: await estimateGasLimit(d, m, ts) }
  if (m.gasPremium === 0n) m = { ...m, gasPremium: await estimateGasPremium(d.sm, 10, ts) }
  if (m.gasFeeCap === 0n) m = { ...m, gasFeeCap: await estimateFeeCap(d.sm, m.gasPremium, ts) }
  return capGasFee(m, maxFee)
}
