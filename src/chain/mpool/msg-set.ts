/**
 * One sender's pending messages (Lotus `msgSet`): by nonce, the next nonce after the contiguous run from
 * the state nonce, and the funds the pending messages require. `add` applies the nonce-gap, replace-by-fee,
 * duplicate and per-sender limits.
 */
import type { SignedMessage } from '../../core/signed-message.ts'
import { signedMessageCid } from '../../core/signed-message.ts'
import { InvalidError } from '../../util/errors.ts'
import { MpoolError } from './errors.ts'

/** Lotus `ReplaceByFeePercentageMinimum` (110%) over a denominator of 100. */
export const RBF_NUM = 110n
export const RBF_DENOM = 100n

/** Lotus `ComputeMinRBF`: the smallest premium that replaces a pending message of premium `cur`. */
export function computeMinRBF(cur: bigint): bigint {
  return (cur * RBF_NUM) / RBF_DENOM + 1n
}

/** Funds a message locks while pending: its maximum gas cost plus the value it sends. */
export function requiredFunds(sm: SignedMessage): bigint {
  return sm.message.gasFeeCap * sm.message.gasLimit + sm.message.value
}

export interface AddLimits {
  /** Highest nonce allowed past the next expected nonce (0 = must be contiguous). Undefined: no limit. */
  maxNonceGap?: bigint
  /** Pending messages allowed per sender. */
  maxPending: number
}

export class MsgSet {
  readonly msgs = new Map<bigint, SignedMessage>()
  requiredFunds = 0n

  constructor(public nextNonce: bigint) {}

  /** Adds or replaces; returns true when the nonce was new. Throws InvalidError naming the rule broken. */
  add(sm: SignedMessage, limits: AddLimits): boolean {
    const m = sm.message
    let next = this.nextNonce
    let gap = false
    if (m.nonce === next) {
      next++
      while (this.msgs.has(next)) next++
    } else if (limits.maxNonceGap !== undefined && m.nonce > next + limits.maxNonceGap) {
      throw new InvalidError(
        `message nonce has too big a gap from expected nonce (Nonce: ${m.nonce}, nextNonce: ${next}): ${MpoolError.NonceGap}`,
      )
    } else if (m.nonce > next) {
      gap = true
    }
    const existing = this.msgs.get(m.nonce)
    if (existing) {
      if (limits.maxNonceGap !== undefined && gap)
        throw new InvalidError(
          `rejecting replace by fee because of nonce gap (Nonce: ${m.nonce}, nextNonce: ${next}): ${MpoolError.NonceGap}`,
        )
      if (signedMessageCid(existing).equals(signedMessageCid(sm)))
        throw new InvalidError(
          `message from ${m.from} with nonce ${m.nonce} already in mpool: ${MpoolError.ExistingNonce}`,
        )
      const min = computeMinRBF(existing.message.gasPremium)
      if (m.gasPremium < min)
        throw new InvalidError(
          `message from ${m.from} with nonce ${m.nonce} already in mpool, increase GasPremium to ${min} from ` +
            `${m.gasPremium} to trigger replace by fee: ${MpoolError.RBFTooLowPremium}`,
        )
      this.requiredFunds -= requiredFunds(existing)
    } else if (this.msgs.size >= limits.maxPending) {
      throw new InvalidError(`${MpoolError.TooManyPendingMessages} ${m.from} (${this.msgs.size} pending)`)
    }
    this.nextNonce = next
    this.msgs.set(m.nonce, sm)
    this.requiredFunds += requiredFunds(sm)
    return existing === undefined
  }

  /** Removes a nonce; `applied` means it was included on chain (which may advance the next nonce). */
  rm(nonce: bigint, applied: boolean): void {
    const m = this.msgs.get(nonce)
    if (!m) {
      if (applied && nonce >= this.nextNonce) {
        this.nextNonce = nonce + 1n
        while (this.msgs.has(this.nextNonce)) this.nextNonce++
      }
      return
    }
    this.msgs.delete(nonce)
    this.requiredFunds -= requiredFunds(m)
    // Removing a message that was not applied opens a gap: the next nonce falls back to it.
    if (applied) {
      if (nonce >= this.nextNonce) {
        this.nextNonce = nonce + 1n
        while (this.msgs.has(this.nextNonce)) this.nextNonce++
      }
    } else if (nonce < this.nextNonce) {
      this.nextNonce = nonce
    }
  }

  /** Funds required by the pending messages other than the one at `nonce` (which a new one may replace). */
  requiredFundsExcept(nonce: bigint): bigint {
    const m = this.msgs.get(nonce)
    return m ? this.requiredFunds - requiredFunds(m) : this.requiredFunds
  }
}
