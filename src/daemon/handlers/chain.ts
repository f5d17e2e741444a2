/** The Chain methods over the daemon's chain store. */
import type { BlockMessages } from '../../api/full/chain-codecs.ts'
import type { ChainMethods } from '../../api/full/chain.ts'
import type { HeadChangeJson } from '../../api/full/chain-codecs.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { type SignedMessage, signedMessageCid } from '../../core/signed-message.ts'
import { messageCid } from '../../core/message.ts'
import { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { type Receipt, ReceiptCodec } from '../../core/receipt.ts'
import { Amt } from '../../ipld/amt/amt.ts'
import type { HeadChange } from '../../chain/store/reorg.ts'
import type { ChainNode } from '../chain-node.ts'

/** The chain node, or NotFoundError naming how to give the daemon a genesis. */
export type ChainAccess = () => ChainNode

/** Head changes as a stream: the current head first, then each batch until `signal` aborts. */
async function* notify(node: ChainNode, signal: AbortSignal): AsyncGenerator<HeadChangeJson[]> {
  const queue: HeadChange[][] = []
  let wake: (() => void) | undefined
  const unsubscribe = node.chain.subscribe((changes) => {
    queue.push(changes)
    wake?.()
  })
  const onAbort = () => wake?.()
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    yield [{ type: 'current', val: node.sm.head() }]
    while (!signal.aborted) {
      const batch = queue.shift()
      if (batch) {
        yield batch.map((c) => ({ type: c.type, val: c.ts }))
        continue
      }
      await new Promise<void>((r) => (wake = r))
      wake = undefined
    }
  } finally {
    unsubscribe()
    signal.removeEventListener('abort', onAbort)
  }
}

export function chainHandlers(node: ChainAccess): Handlers<typeof ChainMethods> {
  return {
    ChainHead: () => node().sm.head(),
    ChainGetGenesis: async () => TipSet.create([await node().chain.getGenesis()]),
    ChainGetBlock: (_ctx, cid) => node().chain.getBlockHeader(cid),
    ChainGetTipSet: (_ctx, tsk) => node().sm.tipSet(tsk),
    ChainGetTipSetByHeight: async (_ctx, height, tsk) => {
      const n = node()
      return n.chain.getTipSetByHeight(height, await n.sm.tipSet(tsk))
    },
    ChainGetBlockMessages: async (_ctx, cid): Promise<BlockMessages> => {
      const n = node()
      const msgs = await n.chain.messagesForBlock(await n.chain.getBlockHeader(cid))
      return {
        blsMessages: msgs.bls,
        secpkMessages: msgs.secp,
        cids: [...msgs.bls.map(messageCid), ...msgs.secp.map((sm: SignedMessage) => signedMessageCid(sm))],
      }
    },
    ChainGetParentMessages: async (_ctx, cid) => {
      const n = node()
      const h = await n.chain.getBlockHeader(cid)
      if (h.height === 0) return []
      const parent = await n.chain.loadTipSet(new TipSetKey(h.parents))
      return (await n.chain.messagesForTipSet(parent)).map((m) => ({ cid: m.cid, message: m.message }))
    },
    ChainGetParentReceipts: async (_ctx, cid) => {
      const n = node()
      const h = await n.chain.getBlockHeader(cid)
      const amt = await Amt.load(n.blockstore, h.parentMessageReceipts, { version: 0 })
      const out: Receipt[] = []
      for await (const [, v] of amt.entries()) out.push(ReceiptCodec.fromCbor(v, 'receipt'))
      return out
    },
    ChainGetMessage: (_ctx, cid) => node().chain.getMessage(cid),
    ChainReadObj: (_ctx, cid) => node().chain.readObj(cid),
    ChainNotify: (ctx) => notify(node(), ctx.signal),
  }
}
