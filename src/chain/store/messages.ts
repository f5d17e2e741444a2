/** Messages in the blockstore: one by CID (either form), and a tipset's messages in execution order. */
import { decodeCbor } from '../../core/cbor/decode.ts'
import { type CID, cidOfBytes } from '../../core/cid.ts'
import { encode } from '../../core/codec.ts'
import { decodeMessage, type Message, messageBytes, messageCid } from '../../core/message.ts'
import { type SignedMessage, SignedMessageCodec, signedMessageCid } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import { NotFoundError } from '../../util/errors.ts'
import { loadBlockMessages } from './msg-meta.ts'

/** A message of a tipset in execution order, with the CID the chain knows it by. */
export interface ChainMessage {
  cid: CID
  message: Message
  /** Present for secp (and other non-BLS) messages. */
  signed?: SignedMessage
}

/** Stores one message: unsigned (BLS, by its CID) or signed (by the signed CID); returns the CID. */
export async function putMessage(bs: Blockstore, m: Message | SignedMessage): Promise<CID> {
  const bytes = 'signature' in m ? encode(SignedMessageCodec, m) : messageBytes(m)
  const cid = cidOfBytes(bytes)
  await bs.put(cid, bytes)
  return cid
}

/** The unsigned message stored under `cid` (a signed message yields its inner message). */
export async function getMessage(bs: Blockstore, cid: CID): Promise<Message> {
  const bytes = await bs.get(cid)
  if (bytes === undefined) throw new NotFoundError(`message ${cid} not found`)
  try {
    return decodeMessage(bytes)
  } catch {
    return SignedMessageCodec.fromCbor(decodeCbor(bytes), `SignedMessage ${cid}`).message
  }
}

/** Lotus `MessagesForTipset`: blocks in order, BLS then secp, each CID's first occurrence only. */
export async function tipsetMessages(bs: Blockstore, ts: TipSet): Promise<ChainMessage[]> {
  const seen = new Set<string>()
  const out: ChainMessage[] = []
  const add = (cm: ChainMessage) => {
    const k = cm.cid.toString()
    if (seen.has(k)) return
    seen.add(k)
    out.push(cm)
  }
  for (const b of ts.blocks) {
    const { bls, secp } = await loadBlockMessages(bs, b.messages)
    for (const m of bls) add({ cid: messageCid(m), message: m })
    for (const sm of secp) add({ cid: signedMessageCid(sm), message: sm.message, signed: sm })
  }
  return out
}
