/**
 * A message receipt (`lotus:chain/types/message_receipt.go`, `message_receipt_cbor.go`). Lotus keeps a
 * version beside the fields: V0 (before FIP-0049, nv18) encodes `[ExitCode, Return, GasUsed]`; V1 encodes
 * `[ExitCode, Return, GasUsed, EventsRoot|null]`. Decoding picks the version from the tuple length (3 or 4)
 * and encoding writes the receipt's version, so a V1 receipt without events still has 4 fields (`f6` last),
 * exactly as Lotus re-encodes it. JSON is `{ExitCode, Return, GasUsed, EventsRoot}`; the version is not in
 * Lotus's JSON, so `fromJson` infers V1 when EventsRoot is set and V0 otherwise.
 */
import { DecodeError, InvalidError } from '../util/errors.ts'
import { asArray } from './cbor/read.ts'
import type { CID } from './cid.ts'
import type { CborValue } from './cbor/value.ts'
import { Bytes, Cid, type Codec, I64, nullable } from './codec.ts'
import { safeInt64 } from './ints.ts'
import { tupleCodec } from './tuple.ts'

export const ReceiptVersion = { V0: 0, V1: 1 } as const
export type ReceiptVersion = (typeof ReceiptVersion)[keyof typeof ReceiptVersion]

export interface Receipt {
  version: ReceiptVersion
  /** `exitcode.ExitCode` (see exit-code.ts). */
  exitCode: number
  return: Uint8Array
  /** int64 */
  gasUsed: bigint
  /** Root of the events AMT (bit width 5); only V1 receipts carry it. */
  eventsRoot: CID | null
}

type Fields = Omit<Receipt, 'version'>
const v1 = tupleCodec<Fields>('Receipt', {
  exitCode: ['ExitCode', safeInt64('ExitCode')],
  return: ['Return', Bytes],
  gasUsed: ['GasUsed', I64],
  eventsRoot: ['EventsRoot', nullable(Cid)],
})

export const ReceiptCodec: Codec<Receipt> = {
  name: 'Receipt',
  toCbor: (r) => {
    const items = v1.toCbor(r) as CborValue[]
    if (r.version === ReceiptVersion.V1) return items
    if (r.eventsRoot !== null) throw new InvalidError('Receipt: a V0 receipt cannot carry EventsRoot')
    return items.slice(0, 3)
  },
  fromCbor: (v, f = 'Receipt') => {
    const items = asArray(v, f)
    if (items.length === 3) return { version: ReceiptVersion.V0, ...v1.fromCbor([...items, null], f) }
    if (items.length === 4) return { version: ReceiptVersion.V1, ...v1.fromCbor(items, f) }
    throw new DecodeError(`${f}: expected a tuple of 3 (V0) or 4 (V1) fields, got ${items.length}`)
  },
  toJson: (r) => v1.toJson(r),
  fromJson: (j, f = 'Receipt') => {
    const r = v1.fromJson(j, f)
    return { version: r.eventsRoot === null ? ReceiptVersion.V0 : ReceiptVersion.V1, ...r }
  },
}
