/** What the message pool needs from the node: the head, state after a tipset, and block messages. */
import type { BlockHeader } from '../../core/block-header.ts'
import type { SignedMessage } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'
import type { StateView } from '../consensus/state-view.ts'
import type { BlockMessageLists } from '../store/msg-meta.ts'

export interface MpoolProvider {
  /** The node's current head. */
  head(): TipSet
  /** The state after executing `ts` (what a block on `ts` applies its messages to). */
  stateAfter(ts: TipSet): StateView
  /** The base fee a block mined on `ts` pays (its ParentBaseFee). */
  baseFee(ts: TipSet): Promise<bigint>
  loadTipSet(key: TipSetKey): Promise<TipSet>
  messagesForBlock(h: BlockHeader): Promise<BlockMessageLists>
  /** Broadcasts a message (gossip `/fil/msgs/<net>`); absent when the node does not publish. */
  publish?(sm: SignedMessage): void | Promise<void>
}
