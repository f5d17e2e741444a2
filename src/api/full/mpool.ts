/** Mpool and Gas methods of the FullNode API (lotus api/api_full.go), with their //perm: tags. */
import { AddressCodec } from '../../core/address.ts'
import { Cid, listOf, U64 } from '../../core/codec.ts'
import { MessageCodec } from '../../core/message.ts'
import { SignedMessageCodec } from '../../core/signed-message.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { method, param } from '../method.ts'
import { MessageSendSpecCodec } from './chain-codecs.ts'

const spec = param('spec', MessageSendSpecCodec)

export const MpoolMethods = {
  MpoolPush: method({
    perm: 'write',
    params: [param('message', SignedMessageCodec)],
    result: Cid,
    doc: 'Adds a signed message to the pool; returns its CID. An error names why it was refused.',
  }),
  MpoolPushMessage: method({
    perm: 'sign',
    params: [param('message', MessageCodec), spec],
    result: SignedMessageCodec,
    doc: "Fills the message's nonce and zero gas fields, signs it with the wallet and pushes it.",
  }),
  MpoolPending: method({
    perm: 'read',
    params: [param('tsk', TipSetKeyCodec)],
    result: listOf(SignedMessageCodec),
    doc: 'The pending messages.',
  }),
  MpoolGetNonce: method({
    perm: 'read',
    params: [param('address', AddressCodec)],
    result: U64,
    doc: "The sender's next nonce, counting its pending messages.",
  }),
} as const

export const GasMethods = {
  GasEstimateMessageGas: method({
    perm: 'read',
    params: [param('message', MessageCodec), spec, param('tsk', TipSetKeyCodec)],
    result: MessageCodec,
    doc: 'The message with GasLimit, GasPremium and GasFeeCap filled where they were 0.',
  }),
} as const
