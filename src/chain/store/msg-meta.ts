/**
 * A block's messages as the chain stores them (Lotus `computeMsgMeta`, `ChainStore.MessagesForBlock`): the
 * BLS messages' unsigned CIDs and the secp messages' signed CIDs each in an AMT v0, the two roots in a
 * MsgMeta whose CID the header's `Messages` field names.
 */
import { decodeCbor } from '../../core/cbor/decode.ts'
import type { CID } from '../../core/cid.ts'
import { Cid, decode, encode } from '../../core/codec.ts'
import { cidOfBytes } from '../../core/cid.ts'
import { decodeMessage, type Message, messageBytes, messageCid } from '../../core/message.ts'
import { type MsgMeta, MsgMetaCodec } from '../../core/msg-meta.ts'
import { type SignedMessage, SignedMessageCodec, signedMessageCid } from '../../core/signed-message.ts'
import { Amt, amtFromArray } from '../../ipld/amt/amt.ts'
import { type Blockstore, getOrThrow } from '../../ipld/blockstore.ts'
import { DecodeError } from '../../util/errors.ts'

export interface BlockMessageLists {
  bls: Message[]
  secp: SignedMessage[]
}

/** Writes the two AMTs and the MsgMeta into `bs`; returns the MsgMeta CID. */
export async function computeMsgMeta(bs: Blockstore, blsCids: readonly CID[], secpCids: readonly CID[]): Promise<CID> {
  const meta: MsgMeta = {
    blsMessages: await amtFromArray(bs, [...blsCids], { version: 0 }),
    secpkMessages: await amtFromArray(bs, [...secpCids], { version: 0 }),
  }
  const bytes = encode(MsgMetaCodec, meta)
  const cid = cidOfBytes(bytes)
  await bs.put(cid, bytes)
  return cid
}

/** Stores the messages and their MsgMeta; returns the MsgMeta CID (the header's `Messages`). */
export async function putBlockMessages(bs: Blockstore, msgs: BlockMessageLists): Promise<CID> {
  const blsCids: CID[] = []
  for (const m of msgs.bls) {
    const bytes = messageBytes(m)
    const cid = cidOfBytes(bytes)
    await bs.put(cid, bytes)
    blsCids.push(cid)
  }
  const secpCids: CID[] = []
  for (const sm of msgs.secp) {
    const bytes = encode(SignedMessageCodec, sm)
    const cid = signedMessageCid(sm)
    await bs.put(cid, bytes)
    secpCids.push(cid)
  }
  return computeMsgMeta(bs, blsCids, secpCids)
}

async function amtCids(bs: Blockstore, root: CID, what: string): Promise<CID[]> {
  const amt = await Amt.load(bs, root, { version: 0 })
  const out: CID[] = []
  await amt.forEach((i, v) => {
    out.push(Cid.fromCbor(v, `${what}[${i}]`))
  })
  return out
}

/** The message CIDs a MsgMeta names, BLS then secp. */
export async function msgMetaCids(bs: Blockstore, msgMeta: CID): Promise<{ bls: CID[]; secp: CID[] }> {
  const meta = decode(MsgMetaCodec, await getOrThrow(bs, msgMeta))
  return {
    bls: await amtCids(bs, meta.blsMessages, 'MsgMeta.BlsMessages'),
    secp: await amtCids(bs, meta.secpkMessages, 'MsgMeta.SecpkMessages'),
  }
}

/** Loads a block's messages by its MsgMeta CID. */
export async function loadBlockMessages(bs: Blockstore, msgMeta: CID): Promise<BlockMessageLists> {
  const cids = await msgMetaCids(bs, msgMeta)
  const bls: Message[] = []
  for (const c of cids.bls) {
    const m = decodeMessage(await getOrThrow(bs, c))
    if (!messageCid(m).equals(c)) throw new DecodeError(`message ${c} does not hash to its CID`)
    bls.push(m)
  }
  const secp: SignedMessage[] = []
  for (const c of cids.secp)
    secp.push(SignedMessageCodec.fromCbor(decodeCbor(await getOrThrow(bs, c)), `SignedMessage ${c}`))
  return { bls, secp }
}
