/** Lotus `types.KeyInfo` as the keystore holds it, and its JSON form (`{"Type":…,"PrivateKey":base64}`). */
import { fromBase64, toBase64 } from '../util/bytes.ts'
import { DecodeError } from '../util/errors.ts'

export interface KeyInfo {
  /** `secp256k1`, `bls`, `jwt-hmac-secret`, `libp2p-host`, … */
  readonly type: string
  readonly privateKey: Uint8Array
}

/** Go's `json.Marshal(KeyInfo)`: field order Type, PrivateKey. */
export function keyInfoToJson(k: KeyInfo): string {
  return JSON.stringify({ Type: k.type, PrivateKey: toBase64(k.privateKey) })
}

export function keyInfoFromJson(text: string, what = 'KeyInfo'): KeyInfo {
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    throw new DecodeError(`${what}: not valid JSON`)
  }
  const o = j as { Type?: unknown; PrivateKey?: unknown }
  if (typeof o !== 'object' || o === null || typeof o.Type !== 'string')
    throw new DecodeError(`${what}: expected {"Type": string, "PrivateKey": base64}`)
  if (typeof o.PrivateKey !== 'string') throw new DecodeError(`${what}.PrivateKey: expected base64 bytes`)
  try {
    return { type: o.Type, privateKey: fromBase64(o.PrivateKey) }
  } catch {
    throw new DecodeError(`${what}.PrivateKey: invalid base64`)
  }
}
