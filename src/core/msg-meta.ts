/**
 * MsgMeta (`lotus:chain/types/blockheader.go`): CBOR `[BlsMessages, SecpkMessages]`, each the root
 * CID of an AMT v0 of message CIDs. A block header's `Messages` field is the CID of this object.
 */
import { type CID, cidOfBytes } from './cid.ts'
import { Cid, encode } from './codec.ts'
import { tupleCodec } from './tuple.ts'

export interface MsgMeta {
  blsMessages: CID
  secpkMessages: CID
}

export const MsgMetaCodec = tupleCodec<MsgMeta>('MsgMeta', {
  blsMessages: ['BlsMessages', Cid],
  secpkMessages: ['SecpkMessages', Cid],
})

export function msgMetaCid(m: MsgMeta): CID {
  return cidOfBytes(encode(MsgMetaCodec, m))
}
