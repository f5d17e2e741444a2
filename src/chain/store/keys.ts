/** Key and value layouts of the chain store's LMDB sub-databases. */
import { decodeCbor } from '../../core/cbor/decode.ts'
import { encodeCbor } from '../../core/cbor/encode.ts'
import { asBytes, asTuple, asUint } from '../../core/cbor/read.ts'
import { TipSetKey } from '../../core/tipset-key.ts'

/** Heights as 8-byte big-endian keys, so LMDB's byte order is height order. */
export function heightKey(height: number): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(height))
  return b
}

export function heightFromKey(key: Uint8Array): number {
  return Number(new DataView(key.buffer, key.byteOffset, 8).getBigUint64(0))
}

/** Where a message was included: the tipset, its height, and the message's position in the tipset. */
export interface MsgLocation {
  tipset: TipSetKey
  height: number
  /** Index among the tipset's messages in execution order (blocks in order, BLS then secp, deduplicated). */
  index: number
}

export function encodeMsgLocation(l: MsgLocation): Uint8Array {
  return encodeCbor([l.tipset.bytes, l.height, l.index])
}

export function decodeMsgLocation(bytes: Uint8Array): MsgLocation {
  const [k, h, i] = asTuple(decodeCbor(bytes), 3, 'MsgLocation')
  return {
    tipset: TipSetKey.fromBytes(asBytes(k!, 'MsgLocation.tipset')),
    height: asUint(h!, 'MsgLocation.height'),
    index: asUint(i!, 'MsgLocation.index'),
  }
}
