/**
 * Message chains for selection (Lotus `selection.go createMessageChains`): a sender's nonce-contiguous
 * messages from its state nonce, cut where the gas or balance runs out, grouped into chains of
 * non-increasing gas performance (gasPerf = reward · blockGasLimit / gasLimit, reward =
 * min(premium, feeCap − baseFee) · gasLimit, tripled when negative).
 */
import type { SignedMessage } from '../../core/signed-message.ts'
import { BLOCK_MESSAGE_LIMIT } from '../consensus/message-checks.ts'

export interface MsgChain {
  msgs: SignedMessage[]
  gasReward: bigint
  gasLimit: bigint
  gasPerf: number
  valid: boolean
  merged: boolean
  sigType: number
  next: MsgChain | null
  prev: MsgChain | null
}

/** Lotus `getGasReward`. */
export function gasReward(sm: SignedMessage, baseFee: bigint): bigint {
  const m = sm.message
  let maxPremium = m.gasFeeCap - baseFee
  if (maxPremium > m.gasPremium) maxPremium = m.gasPremium
  const reward = maxPremium * m.gasLimit
  return reward < 0n ? reward * 3n : reward
}

/** Lotus `getGasPerf`: reward · blockGasLimit / gasLimit as a float (exact rational, then rounded). */
export function gasPerf(reward: bigint, gasLimit: bigint, blockGasLimit: bigint): number {
  const num = reward * blockGasLimit
  const q = (num << 64n) / gasLimit
  return Number(q) / 2 ** 64
}

/** Lotus `msgChain.Before`: higher gasPerf first, ties by higher reward. */
export function chainBefore(a: MsgChain, b: MsgChain): boolean {
  return a.gasPerf > b.gasPerf || (a.gasPerf === b.gasPerf && a.gasReward > b.gasReward)
}

export interface SenderState {
  nonce: bigint
  balance: bigint
}

/** Builds a sender's chains from its pending messages (by nonce) and its state. */
export function createMessageChains(
  pending: ReadonlyMap<bigint, SignedMessage>,
  actor: SenderState,
  baseFee: bigint,
  blockGasLimit: bigint,
): MsgChain[] {
  const sorted = [...pending.values()].sort((a, b) =>
    a.message.nonce < b.message.nonce ? -1 : a.message.nonce > b.message.nonce ? 1 : 0,
  )
  let curNonce = actor.nonce
  let balance = actor.balance
  let gasLimit = 0n
  const msgs: SignedMessage[] = []
  const rewards: bigint[] = []
  for (const sm of sorted) {
    const m = sm.message
    if (m.nonce < curNonce) continue
    if (m.nonce !== curNonce) break
    curNonce++
    gasLimit += m.gasLimit
    if (gasLimit > blockGasLimit) break
    const required = m.gasFeeCap * m.gasLimit
    if (balance < required) break
    balance -= required + m.value
    msgs.push(sm)
    rewards.push(gasReward(sm, baseFee))
  }
  if (msgs.length === 0) return []
  if (msgs.length > BLOCK_MESSAGE_LIMIT) msgs.length = BLOCK_MESSAGE_LIMIT

  const newChain = (sm: SignedMessage, i: number): MsgChain => ({
    msgs: [sm],
    gasReward: rewards[i]!,
    gasLimit: sm.message.gasLimit,
    gasPerf: gasPerf(rewards[i]!, sm.message.gasLimit, blockGasLimit),
    valid: true,
    merged: false,
    sigType: sm.signature.type,
    next: null,
    prev: null,
  })
  let chains: MsgChain[] = []
  let cur: MsgChain | null = null
  msgs.forEach((sm, i) => {
    if (cur === null) {
      cur = newChain(sm, i)
      return
    }
    const reward: bigint = cur.gasReward + rewards[i]!
    const limit: bigint = cur.gasLimit + sm.message.gasLimit
    const perf = gasPerf(reward, limit, blockGasLimit)
    if (perf < cur.gasPerf) {
      chains.push(cur)
      cur = newChain(sm, i)
    } else {
      cur.msgs.push(sm)
      cur.gasReward = reward
      cur.gasLimit = limit
      cur.gasPerf = perf
    }
  })
  chains.push(cur!)

  // Merge until each chain performs better than the next (otherwise merging would raise the first).
  for (;;) {
    let merged = 0
    for (let i = chains.length - 1; i > 0; i--) {
      const a = chains[i - 1]!
      const b = chains[i]!
      if (b.gasPerf >= a.gasPerf) {
        a.msgs.push(...b.msgs)
        a.gasReward += b.gasReward
        a.gasLimit += b.gasLimit
        a.gasPerf = gasPerf(a.gasReward, a.gasLimit, blockGasLimit)
        b.valid = false
        merged++
      }
    }
    if (merged === 0) break
    chains = chains.filter((c) => c.valid)
  }
  for (let i = 0; i < chains.length - 1; i++) chains[i]!.next = chains[i + 1]!
  for (let i = chains.length - 1; i > 0; i--) chains[i]!.prev = chains[i - 1]!
  return chains
}

/** Lotus `msgChain.Trim`: drops messages from the end until the chain fits and performs. */
export function trimChain(
  mc: MsgChain,
  gasLimit: bigint,
  msgLimit: number,
  baseFee: bigint,
  blockGasLimit: bigint,
): void {
  let i = mc.msgs.length - 1
  while (i >= 0 && (mc.gasLimit > gasLimit || mc.gasPerf < 0 || i >= msgLimit)) {
    const sm = mc.msgs[i]!
    mc.gasReward -= gasReward(sm, baseFee)
    mc.gasLimit -= sm.message.gasLimit
    mc.gasPerf = mc.gasLimit > 0n ? gasPerf(mc.gasReward, mc.gasLimit, blockGasLimit) : 0
    i--
  }
  if (i < 0) {
    mc.msgs = []
    mc.valid = false
  } else {
    mc.msgs = mc.msgs.slice(0, i + 1)
  }
  if (mc.next) {
    invalidateChain(mc.next)
    mc.next = null
  }
}

/** Lotus `msgChain.Invalidate`: this chain and every chain depending on it. */
export function invalidateChain(mc: MsgChain): void {
  mc.valid = false
  mc.msgs = []
  if (mc.next) {
    invalidateChain(mc.next)
    mc.next = null
  }
}
