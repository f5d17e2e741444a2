/**
 * Greedy message selection (Lotus `selectMessagesGreedy`): build every sender's chains, sort by gas
 * performance, take whole chains while they fit in the block's gas and message limits, then trim the chain
 * at the edge and keep packing the tail. Priority senders' chains are packed first, the same way. The
 * "optimal" (ticket-quality) mode is not implemented.
 */
import type { SignedMessage } from '../../core/signed-message.ts'
import { BLOCK_MESSAGE_LIMIT } from '../consensus/message-checks.ts'
import { chainBefore, createMessageChains, type MsgChain, type SenderState, trimChain } from './chains.ts'

/** Lotus `gasguess.MinGas`: below this much gas left, tail packing stops. */
export const MIN_GAS = 1_298_450n

interface Selected {
  msgs: SignedMessage[]
  gasLimit: bigint
}

function tryToAdd(sel: Selected, mc: MsgChain): boolean {
  if (BLOCK_MESSAGE_LIMIT < mc.msgs.length + sel.msgs.length || sel.gasLimit < mc.gasLimit) return false
  sel.msgs.push(...mc.msgs)
  sel.gasLimit -= mc.gasLimit
  return true
}

function sortChains(chains: MsgChain[]): void {
  chains.sort((a, b) => (chainBefore(a, b) ? -1 : chainBefore(b, a) ? 1 : 0))
}

export interface SelectionInput {
  /** Pending messages by sender (any key), each by nonce. */
  pending: ReadonlyMap<string, ReadonlyMap<bigint, SignedMessage>>
  /** The nonce and balance of each sender in the state the block applies to. */
  senderState(sender: string): SenderState
  baseFee: bigint
  blockGasLimit: bigint
  /** Senders whose chains are packed first (Lotus `PriorityAddrs`, `selectPriorityMessages`). */
  priority?: ReadonlySet<string>
}

/** The messages for the next block, in inclusion order. */
export function selectMessagesGreedy(input: SelectionInput): SignedMessage[] {
  const { baseFee, blockGasLimit } = input
  const sel: Selected = { msgs: [], gasLimit: blockGasLimit }
  const chainsOf = (senders: string[]) =>
    senders.flatMap((s) => createMessageChains(input.pending.get(s)!, input.senderState(s), baseFee, blockGasLimit))
  const senders = [...input.pending.keys()]
  const first = senders.filter((s) => input.priority?.has(s))
  const rest = senders.filter((s) => !input.priority?.has(s))
  if (first.length > 0) {
    packChains(sel, chainsOf(first), baseFee, blockGasLimit)
    if (sel.gasLimit < MIN_GAS || sel.msgs.length >= BLOCK_MESSAGE_LIMIT) return sel.msgs
  }
  packChains(sel, chainsOf(rest), baseFee, blockGasLimit)
  return sel.msgs
}

/** Sorts chains by gas performance and packs them: whole chains first, then the trimmed edge and the tail. */
function packChains(sel: Selected, chains: MsgChain[], baseFee: bigint, blockGasLimit: bigint): void {
  sortChains(chains)
  if (chains.length === 0 || chains[0]!.gasPerf < 0) return

  let last = chains.length
  for (let i = 0; i < chains.length; i++) {
    const chain = chains[i]!
    if (chain.gasPerf < 0) break
    if (tryToAdd(sel, chain)) continue
    last = i
    break
  }

  tail: while (sel.gasLimit >= MIN_GAS && last < chains.length) {
    const edge = chains[last]!
    const msgLimit = BLOCK_MESSAGE_LIMIT - sel.msgs.length
    if (edge.gasLimit > sel.gasLimit || edge.msgs.length > msgLimit)
      trimChain(edge, sel.gasLimit, msgLimit, baseFee, blockGasLimit)
    if (edge.valid) {
      // Push the trimmed chain down to its place in the order.
      for (let i = last; i < chains.length - 1; i++) {
        if (chainBefore(chains[i]!, chains[i + 1]!)) break
        ;[chains[i], chains[i + 1]] = [chains[i + 1]!, chains[i]!]
      }
    }
    for (let i = last; i < chains.length; i++) {
      const chain = chains[i]!
      if (!chain.valid) continue
      if (chain.gasPerf < 0) break tail
      if (tryToAdd(sel, chain)) continue
      last = i
      continue tail
    }
    break
  }
}
