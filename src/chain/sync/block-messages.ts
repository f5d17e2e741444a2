/**
 * A submitted block's messages: given with it, or read from the store by the CIDs its BlockMsg lists
 * (BLS unsigned, secp signed); each must hash to its CID. Also the MsgMeta CID they make, computed in
 * memory so a rejected block leaves nothing in the store.
 */
import { decodeCbor } from '../../core/cbor/decode.ts'
import type { CID } from '../../core/cid.ts'
import { decodeMessage, type Message, messageCid } from '../../core/message.ts'
import { type SignedMessage, SignedMessageCodec, signedMessageCid } from '../../core/signed-message.ts'
import { MemoryBlockstore } from '../../ipld/memory-blockstore.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import type { ChainStore } from '../store/chain-store.ts'
import { type BlockMessageLists, computeMsgMeta } from '../store/msg-meta.ts'

async function read(chain: ChainStore, cid: CID, kind: string): Promise<Uint8Array> {
  try {
    return await chain.readObj(cid)
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(`block ${kind} message ${cid} is not in the store`)
    throw err
  }
}

/** Loads the messages a BlockMsg names. */
export async function loadListedMessages(
  chain: ChainStore,
  blsCids: readonly CID[],
  secpCids: readonly CID[],
): Promise<BlockMessageLists> {
  const bls: Message[] = []
  for (const c of blsCids) {
    const m = decodeMessage(await read(chain, c, 'BLS'))
    if (!messageCid(m).equals(c)) throw new InvalidError(`BLS message ${c} does not hash to its CID`)
    bls.push(m)
  }
  const secp: SignedMessage[] = []
  for (const c of secpCids) {
    const sm = SignedMessageCodec.fromCbor(decodeCbor(await read(chain, c, 'secp')), `SignedMessage ${c}`)
    if (!signedMessageCid(sm).equals(c)) throw new InvalidError(`secp message ${c} does not hash to its CID`)
    secp.push(sm)
  }
  return { bls, secp }
}

/** Throws unless given messages are the ones the BlockMsg lists. */
export function checkListed(msgs: BlockMessageLists, blsCids: readonly CID[], secpCids: readonly CID[]): void {
  const same = (a: readonly CID[], b: readonly CID[]) => a.length === b.length && a.every((c, i) => c.equals(b[i]!))
  if (!same(msgs.bls.map(messageCid), blsCids) || !same(msgs.secp.map(signedMessageCid), secpCids))
    throw new InvalidError('the block message CIDs do not match the messages given with it')
}

/** The MsgMeta CID of the messages (computed apart from the chain's store). */
export function msgMetaOf(msgs: BlockMessageLists): Promise<CID> {
  return computeMsgMeta(new MemoryBlockstore(), msgs.bls.map(messageCid), msgs.secp.map(signedMessageCid))
}
