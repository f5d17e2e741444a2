/** Integer codecs for 64-bit fields whose values always fit a JS number (epochs, win counts, enums). */
import { DecodeError } from '../util/errors.ts'
import { asI64 } from './cbor/read.ts'
import type { Codec } from './codec.ts'
import { jsonWrong } from './codec.ts'

/**
 * An int64 carried as a number. Values beyond ±(2^53-1) cannot occur in these fields and are rejected
 * rather than rounded.
 */
export function safeInt64(name: string): Codec<number> {
  return {
    name,
    toCbor: (v) => v,
    fromCbor: (v, f = name) => {
      const n = asI64(v, f)
      if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER))
        throw new DecodeError(`${f}: ${n} is outside the safe integer range`)
      return Number(n)
    },
    toJson: (v) => v,
    fromJson: (j, f = name) => (typeof j === 'number' && Number.isSafeInteger(j) ? j : jsonWrong(f, 'an integer', j)),
  }
}

/** `abi.ChainEpoch` (int64) as a number. */
export const Epoch = safeInt64('ChainEpoch')
