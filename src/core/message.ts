/**
 * An unsigned Filecoin message (`lotus:chain/types/message.go`): CBOR tuple of 10 fields; Lotus-JSON object
 * with the Go field names plus `CID` (Lotus adds it on output; it is accepted and ignored on input).
 */
import { DecodeError } from '../util/errors.ts'
import { decodeCbor } from './cbor/decode.ts'
import { type Address, AddressCodec } from './address.ts'
import { BigIntCodec } from './bigint.ts'
import { type CID, cidOfBytes, cidToJson } from './cid.ts'
import { Bytes, type Codec, encode, I64, U64, Uint } from './codec.ts'
import { tupleCodec } from './tuple.ts'

/** The only message version Lotus accepts (`types.MessageVersion`). */
export const MESSAGE_VERSION = 0

export interface Message {
  version: number
  to: Address
  from: Address
  /** uint64 */
  nonce: bigint
  /** attoFIL */
  value: bigint
  /** int64 */
  gasLimit: bigint
  gasFeeCap: bigint
  gasPremium: bigint
  /** uint64 method number */
  method: bigint
  params: Uint8Array
}

const tuple = tupleCodec<Message>('Message', {
  version: ['Version', Uint],
  to: ['To', AddressCodec],
  from: ['From', AddressCodec],
  nonce: ['Nonce', U64],
  value: ['Value', BigIntCodec],
  gasLimit: ['GasLimit', I64],
  gasFeeCap: ['GasFeeCap', BigIntCodec],
  gasPremium: ['GasPremium', BigIntCodec],
  method: ['Method', U64],
  params: ['Params', Bytes],
})

/**
 * A message for a node to complete (MpoolPushMessage fills in the nonce and the gas): those fields are 0, the
 * value too unless given.
 */
export function messageToPush(m: {
  from: Address
  to: Address
  method: number | bigint
  params: Uint8Array
  value?: bigint
}): Message {
  return {
    version: MESSAGE_VERSION,
    to: m.to,
    from: m.from,
    nonce: 0n,
    value: m.value ?? 0n,
    gasLimit: 0n,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method: BigInt(m.method),
    params: m.params,
  }
}

export const MessageCodec: Codec<Message> = {
  ...tuple,
  toJson: (m) => ({ ...(tuple.toJson(m) as object), CID: cidToJson(messageCid(m)) }),
}

/** The message's DAG-CBOR bytes. */
export function messageBytes(m: Message): Uint8Array {
  return encode(MessageCodec, m)
}

/** The message's CID (blake2b-256 over its CBOR). */
export function messageCid(m: Message): CID {
  return cidOfBytes(messageBytes(m))
}

/** Lotus `DecodeMessage`: the codec plus the version check. */
export function decodeMessage(bytes: Uint8Array): Message {
  const m = MessageCodec.fromCbor(decodeCbor(bytes), 'Message')
  if (m.version !== MESSAGE_VERSION)
    throw new DecodeError(`Message.Version: decoded message had version ${m.version}, expected ${MESSAGE_VERSION}`)
  return m
}
