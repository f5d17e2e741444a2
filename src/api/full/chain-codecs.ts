/** JSON shapes of the chain, state, mpool and gas methods (Lotus api/api_full.go types, Go field names). */
import { BigIntCodec } from '../../core/bigint.ts'
import type { CID } from '../../core/cid.ts'
import { Bool, Cid, type Codec, I64, jsonWrong, listOf, nullable, Str, U64 } from '../../core/codec.ts'
import { type Message, MessageCodec } from '../../core/message.ts'
import { type Receipt, ReceiptCodec } from '../../core/receipt.ts'
import { type SignedMessage, SignedMessageCodec } from '../../core/signed-message.ts'
import { type TipSet, TipSetCodec } from '../../core/tipset.ts'
import { type TipSetKey, TipSetKeyCodec } from '../../core/tipset-key.ts'
import { tupleCodec } from '../../core/tuple.ts'
import { InvalidError } from '../../util/errors.ts'

/** Lotus `api.BlockMessages`. */
export interface BlockMessages {
  blsMessages: Message[]
  secpkMessages: SignedMessage[]
  /** BLS message CIDs then secp (signed) CIDs. */
  cids: CID[]
}
export const BlockMessagesCodec = tupleCodec<BlockMessages>('BlockMessages', {
  blsMessages: ['BlsMessages', listOf(MessageCodec)],
  secpkMessages: ['SecpkMessages', listOf(SignedMessageCodec)],
  cids: ['Cids', listOf(Cid)],
})

/** Lotus `api.HeadChange`: Type is `current`, `apply` or `revert`. */
export interface HeadChangeJson {
  type: string
  val: TipSet
}
export const HeadChangeCodec = tupleCodec<HeadChangeJson>('HeadChange', {
  type: ['Type', Str],
  val: ['Val', TipSetCodec],
})

/** Lotus `api.MsgLookup` (ReturnDec is always null here). */
export interface MsgLookupJson {
  message: CID
  receipt: Receipt
  returnDec: string | null
  tipSet: TipSetKey
  height: bigint
}
export const MsgLookupCodec = tupleCodec<MsgLookupJson>('MsgLookup', {
  message: ['Message', Cid],
  receipt: ['Receipt', ReceiptCodec],
  returnDec: ['ReturnDec', nullable(Str)],
  tipSet: ['TipSet', TipSetKeyCodec],
  height: ['Height', I64],
})

/** Lotus `api.MessageSendSpec`; null means the defaults. */
export interface MessageSendSpec {
  /** attoFIL; 0: the node's default (0.07 FIL). */
  maxFee: bigint
  maximizeFeeCap: boolean
}
export const MessageSendSpecCodec: Codec<MessageSendSpec | null> = {
  name: 'MessageSendSpec',
  toCbor: (s) => (s ? [BigIntCodec.toCbor(s.maxFee), s.maximizeFeeCap] : null),
  fromCbor: () => {
    throw new InvalidError('MessageSendSpec has no CBOR form')
  },
  toJson: (s) => (s ? { MaxFee: s.maxFee.toString(), MsgUuid: null, MaximizeFeeCap: s.maximizeFeeCap } : null),
  fromJson: (j, f = 'MessageSendSpec') => {
    if (j === null || j === undefined) return null
    if (typeof j !== 'object' || Array.isArray(j)) return jsonWrong(f, 'an object or null', j)
    const o = j as Record<string, unknown>
    const maxFee = o.MaxFee === undefined || o.MaxFee === null ? 0n : BigIntCodec.fromJson(o.MaxFee, `${f}.MaxFee`)
    const mfc = o.MaximizeFeeCap ?? false
    if (typeof mfc !== 'boolean') return jsonWrong(`${f}.MaximizeFeeCap`, 'a boolean', mfc)
    return { maxFee, maximizeFeeCap: mfc }
  },
}

/** Lotus `api.MsgGasCost`. */
export interface MsgGasCost {
  message: CID
  gasUsed: bigint
  baseFeeBurn: bigint
  overEstimationBurn: bigint
  minerPenalty: bigint
  minerTip: bigint
  refund: bigint
  totalCost: bigint
}
export const MsgGasCostCodec = tupleCodec<MsgGasCost>('MsgGasCost', {
  message: ['Message', Cid],
  gasUsed: ['GasUsed', BigIntCodec],
  baseFeeBurn: ['BaseFeeBurn', BigIntCodec],
  overEstimationBurn: ['OverEstimationBurn', BigIntCodec],
  minerPenalty: ['MinerPenalty', BigIntCodec],
  minerTip: ['MinerTip', BigIntCodec],
  refund: ['Refund', BigIntCodec],
  totalCost: ['TotalCost', BigIntCodec],
})

/** Lotus `api.InvocResult`, without the execution trace. */
export interface InvocResultJson {
  msgCid: CID
  msg: Message
  msgRct: Receipt
  gasCost: MsgGasCost
  error: string
  /** Nanoseconds. */
  duration: bigint
}
export const InvocResultCodec = tupleCodec<InvocResultJson>('InvocResult', {
  msgCid: ['MsgCid', Cid],
  msg: ['Msg', MessageCodec],
  msgRct: ['MsgRct', ReceiptCodec],
  gasCost: ['GasCost', MsgGasCostCodec],
  error: ['Error', Str],
  duration: ['Duration', U64],
})

/** Lotus `api.Message`: a message with its CID (ChainGetParentMessages). */
export interface CidMessage {
  cid: CID
  message: Message
}
export const CidMessageCodec = tupleCodec<CidMessage>('Message', {
  cid: ['Cid', Cid],
  message: ['Message', MessageCodec],
})

/** Lotus `api.ActorState`: balance, code and the actor's state as JSON (Go field names). */
export interface ActorStateJson {
  balance: bigint
  code: CID
  /** Already in JSON form (the actor state codec's toJson). */
  state: unknown
}
export const ActorStateCodec: Codec<ActorStateJson> = {
  name: 'ActorState',
  toCbor: () => {
    throw new InvalidError('ActorState has no CBOR form')
  },
  fromCbor: () => {
    throw new InvalidError('ActorState has no CBOR form')
  },
  toJson: (a) => ({ Balance: a.balance.toString(), Code: Cid.toJson(a.code), State: a.state }),
  fromJson: (j, f = 'ActorState') => {
    if (typeof j !== 'object' || j === null || Array.isArray(j)) return jsonWrong(f, 'an object', j)
    const o = j as Record<string, unknown>
    return {
      balance: BigIntCodec.fromJson(o.Balance, `${f}.Balance`),
      code: Cid.fromJson(o.Code, `${f}.Code`),
      state: o.State ?? null,
    }
  },
}

/** Lotus `power.Claim` as the API shows it. */
export interface PowerClaimJson {
  rawBytePower: bigint
  qualityAdjPower: bigint
}
export const PowerClaimCodec = tupleCodec<PowerClaimJson>('Claim', {
  rawBytePower: ['RawBytePower', BigIntCodec],
  qualityAdjPower: ['QualityAdjPower', BigIntCodec],
})

/** Lotus `api.MinerPower`. */
export interface MinerPowerJson {
  minerPower: PowerClaimJson
  totalPower: PowerClaimJson
  hasMinPower: boolean
}
export const MinerPowerCodec = tupleCodec<MinerPowerJson>('MinerPower', {
  minerPower: ['MinerPower', PowerClaimCodec],
  totalPower: ['TotalPower', PowerClaimCodec],
  hasMinPower: ['HasMinPower', Bool],
})
