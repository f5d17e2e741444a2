/** Signatures: CBOR bytes `type ‖ data`; Lotus-JSON `{"Type": n, "Data": base64}`. */
import { fromBase64, toBase64 } from '../util/bytes.ts'
import { DecodeError } from '../util/errors.ts'
import { asBytes } from './cbor/read.ts'
import type { Codec } from './codec.ts'
import { jsonField, jsonWrong } from './codec.ts'

export const SigType = { Secp256k1: 1, BLS: 2, Delegated: 3 } as const
export type SigType = (typeof SigType)[keyof typeof SigType]

/** Type 0 appears in Lotus test data as "unknown"; it decodes so that such bytes round-trip. */
const KNOWN_TYPES = new Set<number>([0, 1, 2, 3])

export interface Signature {
  type: SigType | 0
  data: Uint8Array
}

export const SignatureCodec: Codec<Signature> = {
  name: 'Signature',
  toCbor: (s) => {
    const out = new Uint8Array(1 + s.data.length)
    out[0] = s.type
    out.set(s.data, 1)
    return out
  },
  fromCbor: (v, f = 'Signature') => {
    const b = asBytes(v, f)
    if (b.length === 0) throw new DecodeError(`${f}: empty signature bytes`)
    if (!KNOWN_TYPES.has(b[0]!)) throw new DecodeError(`${f}: unknown signature type ${b[0]}`)
    return { type: b[0] as SigType, data: b.slice(1) }
  },
  toJson: (s) => ({ Type: s.type, Data: toBase64(s.data) }),
  fromJson: (j, f = 'Signature') => {
    const type = jsonField(j, 'Type', f)
    const data = jsonField(j, 'Data', f)
    if (typeof type !== 'number' || !KNOWN_TYPES.has(type))
      return jsonWrong(`${f}.Type`, 'a signature type (1 secp256k1, 2 BLS, 3 delegated)', type)
    if (typeof data !== 'string' && data !== null) return jsonWrong(`${f}.Data`, 'base64 bytes', data)
    return { type: type as SigType, data: data === null ? new Uint8Array(0) : fromBase64(data) }
  },
}
