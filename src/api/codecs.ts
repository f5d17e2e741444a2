/** Small codecs the API tables need beyond `core/`: KeyInfo, key types, permissions, versions, void. */
import { asArray, asBytes, asString } from '../core/cbor/read.ts'
import { type Codec, jsonField, jsonWrong } from '../core/codec.ts'
import { fromBase64, toBase64 } from '../util/bytes.ts'
import { DecodeError } from '../util/errors.ts'
import { ALL_PERMISSIONS, type Permission } from './method.ts'

/** No value: JSON null (a Go method returning only `error`). */
export const Void: Codec<undefined> = {
  name: 'void',
  toCbor: () => null,
  fromCbor: () => undefined,
  toJson: () => null,
  fromJson: () => undefined,
}

/** Lotus key types (`types.KeyType`); the wallet decides which it can create. */
export const KEY_TYPES = ['secp256k1', 'bls', 'delegated', 'secp256k1-ledger'] as const
export type ApiKeyType = (typeof KEY_TYPES)[number]

export const KeyTypeCodec: Codec<ApiKeyType> = {
  name: 'KeyType',
  toCbor: (v) => v,
  fromCbor: (v, f = 'KeyType') => checkKeyType(asString(v, f), f),
  toJson: (v) => v,
  fromJson: (j, f = 'KeyType') => (typeof j === 'string' ? checkKeyType(j, f) : jsonWrong(f, 'a key type', j)),
}

function checkKeyType(s: string, f: string): ApiKeyType {
  if (!(KEY_TYPES as readonly string[]).includes(s))
    throw new DecodeError(`${f}: unknown key type ${JSON.stringify(s)} (expected one of ${KEY_TYPES.join(', ')})`)
  return s as ApiKeyType
}

/** Lotus `types.KeyInfo`: `{"Type":"secp256k1","PrivateKey":"<base64>"}`. */
export interface KeyInfo {
  readonly type: string
  readonly privateKey: Uint8Array
}

export const KeyInfoCodec: Codec<KeyInfo> = {
  name: 'KeyInfo',
  toCbor: (k) => [k.type, k.privateKey],
  fromCbor: (v, f = 'KeyInfo') => {
    const a = asArray(v, f)
    if (a.length !== 2) throw new DecodeError(`${f}: expected 2 fields, got ${a.length}`)
    return { type: asString(a[0]!, `${f}.Type`), privateKey: asBytes(a[1]!, `${f}.PrivateKey`) }
  },
  toJson: (k) => ({ Type: k.type, PrivateKey: toBase64(k.privateKey) }),
  fromJson: (j, f = 'KeyInfo') => {
    const type = jsonField(j, 'Type', f)
    const pk = jsonField(j, 'PrivateKey', f)
    if (typeof type !== 'string') return jsonWrong(`${f}.Type`, 'a key type string', type)
    if (typeof pk !== 'string') return jsonWrong(`${f}.PrivateKey`, 'base64 bytes', pk)
    let privateKey: Uint8Array
    try {
      privateKey = fromBase64(pk)
    } catch {
      throw new DecodeError(`${f}.PrivateKey: invalid base64`)
    }
    return { type, privateKey }
  },
}

export const PermissionCodec: Codec<Permission> = {
  name: 'Permission',
  toCbor: (v) => v,
  fromCbor: (v, f = 'Permission') => checkPerm(asString(v, f), f),
  toJson: (v) => v,
  fromJson: (j, f = 'Permission') => (typeof j === 'string' ? checkPerm(j, f) : jsonWrong(f, 'a permission', j)),
}

function checkPerm(s: string, f: string): Permission {
  if (!(ALL_PERMISSIONS as readonly string[]).includes(s))
    throw new DecodeError(
      `${f}: unknown permission ${JSON.stringify(s)} (expected one of ${ALL_PERMISSIONS.join(', ')})`,
    )
  return s as Permission
}

/** Lotus `api.APIVersion`. */
export interface ApiVersion {
  /** The build version, e.g. `1.36.2+lotus-ts`. */
  readonly version: string
  /** Packed semver `major<<16 | minor<<8 | patch`. */
  readonly apiVersion: number
  /** Seconds per epoch. */
  readonly blockDelay: number
  /** Agent name as reported to peers. */
  readonly agent: string
}

export const ApiVersionCodec: Codec<ApiVersion> = {
  name: 'APIVersion',
  toCbor: (v) => [v.version, v.apiVersion, v.blockDelay, v.agent],
  fromCbor: (v, f = 'APIVersion') => {
    const a = asArray(v, f)
    return {
      version: asString(a[0]!, `${f}.Version`),
      apiVersion: Number(a[1]),
      blockDelay: Number(a[2]),
      agent: asString(a[3] ?? '', `${f}.Agent`),
    }
  },
  toJson: (v) => ({ Version: v.version, APIVersion: v.apiVersion, BlockDelay: v.blockDelay, Agent: v.agent }),
  fromJson: (j, f = 'APIVersion') => {
    const version = jsonField(j, 'Version', f)
    const apiVersion = jsonField(j, 'APIVersion', f)
    const blockDelay = jsonField(j, 'BlockDelay', f)
    const agent = jsonField(j, 'Agent', f) ?? ''
    if (typeof version !== 'string') return jsonWrong(`${f}.Version`, 'a string', version)
    if (typeof apiVersion !== 'number') return jsonWrong(`${f}.APIVersion`, 'a number', apiVersion)
    if (typeof blockDelay !== 'number') return jsonWrong(`${f}.BlockDelay`, 'a number', blockDelay)
    if (typeof agent !== 'string') return jsonWrong(`${f}.Agent`, 'a string', agent)
    return { version, apiVersion, blockDelay, agent }
  },
}

/** Packs a semver as Lotus's `newVer(maj, min, patch)`. */
export function packVersion(major: number, minor: number, patch: number): number {
  return (major << 16) | (minor << 8) | patch
}

/** Formats a packed version as `2.3.0`. */
export function formatVersion(v: number): string {
  return `${(v >> 16) & 0xff}.${(v >> 8) & 0xff}.${v & 0xff}`
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A UUID string (Lotus `uuid.UUID` JSON). */
export const UuidCodec: Codec<string> = {
  name: 'UUID',
  toCbor: (v) => v,
  fromCbor: (v, f = 'UUID') => asString(v, f),
  toJson: (v) => v,
  fromJson: (j, f = 'UUID') =>
    typeof j === 'string' && UUID_RE.test(j.toLowerCase()) ? j.toLowerCase() : jsonWrong(f, 'a UUID string', j),
}

/** A time (Go `time.Time` JSON: RFC 3339). */
export const TimeCodec: Codec<Date> = {
  name: 'Time',
  toCbor: (v) => v.toISOString(),
  fromCbor: (v, f = 'Time') => new Date(asString(v, f)),
  toJson: (v) => v.toISOString(),
  fromJson: (j, f = 'Time') => {
    if (typeof j !== 'string') return jsonWrong(f, 'an RFC 3339 time string', j)
    const d = new Date(j)
    if (Number.isNaN(d.getTime())) throw new DecodeError(`${f}: invalid time ${JSON.stringify(j)}`)
    return d
  },
}

/** A libp2p peer ID in its string form (`12D3KooW…`). */
export const PeerIdCodec: Codec<string> = {
  name: 'PeerID',
  toCbor: (v) => v,
  fromCbor: (v, f = 'PeerID') => asString(v, f),
  toJson: (v) => v,
  fromJson: (j, f = 'PeerID') => (typeof j === 'string' && j !== '' ? j : jsonWrong(f, 'a peer ID string', j)),
}
