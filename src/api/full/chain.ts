/** Chain methods of the FullNode API (lotus api/api_full.go), with their //perm: tags. */
import { BlockHeaderCodec } from '../../core/block-header.ts'
import { Bytes, Cid, listOf } from '../../core/codec.ts'
import { Epoch } from '../../core/ints.ts'
import { MessageCodec } from '../../core/message.ts'
import { TipSetCodec } from '../../core/tipset.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { method, param, streamMethod } from '../method.ts'
import { ReceiptCodec } from '../../core/receipt.ts'
import { BlockMessagesCodec, CidMessageCodec, HeadChangeCodec } from './chain-codecs.ts'

const tsk = param('tsk', TipSetKeyCodec)

export const ChainMethods = {
  ChainHead: method({ perm: 'read', params: [], result: TipSetCodec, doc: 'The heaviest tipset.' }),
  ChainGetGenesis: method({ perm: 'read', params: [], result: TipSetCodec, doc: 'The genesis tipset.' }),
  ChainGetBlock: method({
    perm: 'read',
    params: [param('cid', Cid)],
    result: BlockHeaderCodec,
    doc: 'A block header by CID.',
  }),
  ChainGetTipSet: method({ perm: 'read', params: [tsk], result: TipSetCodec, doc: 'A tipset by key.' }),
  ChainGetTipSetByHeight: method({
    perm: 'read',
    params: [param('height', Epoch), tsk],
    result: TipSetCodec,
    doc: 'The tipset at a height on the chain ending at tsk (empty: the head); a null round gives the tipset before it.',
  }),
  ChainGetBlockMessages: method({
    perm: 'read',
    params: [param('cid', Cid)],
    result: BlockMessagesCodec,
    doc: "A block's BLS and secp messages and their CIDs.",
  }),
  ChainGetParentMessages: method({
    perm: 'read',
    params: [param('blockCid', Cid)],
    result: listOf(CidMessageCodec),
    doc: "The messages of the block's parent tipset, in execution order (what its ParentMessageReceipts answer).",
  }),
  ChainGetParentReceipts: method({
    perm: 'read',
    params: [param('blockCid', Cid)],
    result: listOf(ReceiptCodec),
    doc: "The receipts of the block's parent tipset messages (its ParentMessageReceipts AMT).",
  }),
  ChainGetMessage: method({
    perm: 'read',
    params: [param('cid', Cid)],
    result: MessageCodec,
    doc: 'A message by CID (the unsigned message of a signed one).',
  }),
  ChainReadObj: method({
    perm: 'read',
    params: [param('cid', Cid)],
    result: Bytes,
    doc: 'Raw bytes of a stored object.',
  }),
  ChainNotify: streamMethod({
    perm: 'read',
    params: [],
    result: listOf(HeadChangeCodec),
    doc: 'Head changes: first `[{Type:"current"}]` with the head, then `apply`/`revert` batches (WebSocket only).',
  }),
} as const
