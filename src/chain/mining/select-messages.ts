/**
 * MpoolSelect on any base tipset (Lotus `MessagePool.SelectMessages`, greedy mode): the pool's pending
 * messages grouped by sender, with each sender's nonce and balance in the state after `ts` and the base fee
 * a block on `ts` pays, packed by gas performance within the block gas and message limits.
 */
import type { SignedMessage } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { SenderState } from '../mpool/chains.ts'
import { selectMessagesGreedy } from '../mpool/selection.ts'
import type { StateManager } from '../state-manager/state-manager.ts'

export async function selectMessagesOn(
  sm: StateManager,
  ts: TipSet,
  pending: readonly SignedMessage[],
): Promise<SignedMessage[]> {
  const state = sm.stateView(ts)
  const bySender = new Map<string, Map<bigint, SignedMessage>>()
  const senders = new Map<string, SenderState>()
  for (const m of pending) {
    const k = m.message.from.toString()
    let set = bySender.get(k)
    if (!set) {
      set = new Map()
      bySender.set(k, set)
      const from = m.message.from
      senders.set(k, { nonce: await state.actorNonce(from), balance: await state.actorBalance(from) })
    }
    set.set(m.message.nonce, m)
  }
  return selectMessagesGreedy({
    pending: bySender,
    senderState: (s) => senders.get(s)!,
    baseFee: await sm.baseFee(ts),
    blockGasLimit: sm.opts.profile.blockGasLimit,
  })
}
