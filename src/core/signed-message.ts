/**
 * A signed message (`lotus:chain/types/signedmessage.go`): CBOR `[Message, Signature]`; Lotus-JSON
 * `{Message, Signature, CID}`. A BLS message's CID is its unsigned message's CID (the signature lives in the
 * block's aggregate); any other message's CID is that of the SignedMessage encoding.
 */
import type { CID } from './cid.ts'
import { cidOfBytes, cidToJson } from './cid.ts'
import { type Codec, encode } from './codec.ts'
import { type Message, MessageCodec, messageCid } from './message.ts'
import { type Signature, SignatureCodec, SigType } from './signature.ts'
import { tupleCodec } from './tuple.ts'

export interface SignedMessage {
  message: Message
  signature: Signature
}

const tuple = tupleCodec<SignedMessage>('SignedMessage', {
  message: ['Message', MessageCodec],
  signature: ['Signature', SignatureCodec],
})

export const SignedMessageCodec: Codec<SignedMessage> = {
  ...tuple,
  toJson: (sm) => ({ ...(tuple.toJson(sm) as object), CID: cidToJson(signedMessageCid(sm)) }),
}

/** The bytes a sender signs: the unsigned message's CID bytes. */
export function messageSigningBytes(m: Message): Uint8Array {
  return messageCid(m).bytes
}

/** The CID the chain knows the message by (BLS: unsigned CID; otherwise the signed encoding's CID). */
export function signedMessageCid(sm: SignedMessage): CID {
  if (sm.signature.type === SigType.BLS) return messageCid(sm.message)
  return cidOfBytes(encode(SignedMessageCodec, sm))
}
