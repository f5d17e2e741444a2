/** Signatures: CBOR bytes `type ‖ data`; Lotus-JSON `{"Type": n, "Data": base64}`. */
import { fromBase64, toBase64 } from '../util/bytes.ts'
import { DecodeError, InvalidError } from '../util/errors.ts'
import { asBytes } from './cbor/read.ts'
import type { Codec } from './codec.ts'
import { jsonField, jsonWrong } from './codec.ts'

export const SigType = { Secp256k1: 1, BLS: 2, Delegated: 3 } as const
export type SigType = (typeof SigType)[keyof typeof SigType]

/** go-state-types `SignatureMaxLength`: type byte plus data may not exceed this in CBOR. */
export const SIGNATURE_MAX_LENGTH = 200

/** The data length each signature type must have (delegated signatures are secp256k1-shaped). */
export const SIGNATURE_DATA_LENGTH: Readonly<Record<number, number | undefined>> = { 1: 65, 2: 96, 3: 65 }

/** Throws InvalidError when a signature's data has the wrong length for its type (65 secp256k1, 96 BLS). */
export function checkSignatureLength(s: Signature, field = 'Signature'): void {
  const want = SIGNATURE_DATA_LENGTH[s.type]
  if (want === undefined) throw new InvalidError(`${field}: signature type ${s.type} cannot be verified`)
  if (s.data.length !== want)
    throw new InvalidError(`${field}: type ${s.type} signature must be ${want} bytes, got ${s.data.length}`)
}

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
    if (b.length > SIGNATURE_MAX_LENGTH)
      throw new DecodeError(`${f}: signature of ${b.length} bytes exceeds the ${SIGNATURE_MAX_LENGTH}-byte limit`)
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
    let bytes: Uint8Array
    try {
      bytes = data === null ? new Uint8Array(0) : fromBase64(data)
    } catch {
      throw new DecodeError(`${f}.Data: invalid base64`)
    }
    return { type: type as SigType, data: bytes }
  },
}
