/**
 * Filecoin addresses (go-address): protocol 0 ID, 1 secp256k1, 2 actor, 3 BLS, 4 delegated (f4).
 * Bytes are `protocol ‖ payload`; strings are `<network><protocol>...` with a blake2b-32 checksum.
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { base32 } from 'multiformats/bases/base32'
import { bytesEqual, concatBytes } from '../util/bytes.ts'
import { DecodeError, InvalidError } from '../util/errors.ts'
import { decodeUvarint, encodeUvarint } from '../util/varint.ts'
import { asBytes } from './cbor/read.ts'
import type { Codec } from './codec.ts'
import { jsonWrong } from './codec.ts'

export const Protocol = { ID: 0, SECP256K1: 1, Actor: 2, BLS: 3, Delegated: 4 } as const
export type Protocol = (typeof Protocol)[keyof typeof Protocol]

export type Network = 'f' | 't'

/** Payload lengths fixed by protocol (ID and delegated vary). */
const PAYLOAD_LEN: Record<number, number | undefined> = { 1: 20, 2: 20, 3: 48 }
export const MAX_SUBADDRESS_LEN = 54
const CHECKSUM_LEN = 4
const MAX_ID = (1n << 63n) - 1n

let currentNetwork: Network = 't'

/** The prefix `toString()` uses (Lotus's `address.CurrentNetwork`). Lotus-TS networks are test networks. */
export function setCurrentNetwork(network: Network): void {
  currentNetwork = network
}
export function getCurrentNetwork(): Network {
  return currentNetwork
}

export function addressChecksum(bytes: Uint8Array): Uint8Array {
  return blake2b(bytes, { dkLen: CHECKSUM_LEN })
}

/** blake2b-160, the payload hash of secp256k1 and actor addresses. */
export function addressHash(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 20 })
}

const b32 = (bytes: Uint8Array) => base32.baseEncode(bytes)
function unb32(text: string, what: string): Uint8Array {
  let out: Uint8Array
  try {
    out = base32.baseDecode(text)
  } catch {
    throw new DecodeError(`address: ${what} is not valid base32`)
  }
  // Reject non-canonical forms (trailing bits set): the text must be what its bytes encode to.
  if (b32(out) !== text) throw new DecodeError(`address: ${what} is not canonical base32`)
  return out
}

/**
 * True when `b` is exactly one minimal varint of at most 7 bytes (a value below 2^49, so always a valid id):
 * continuation bits on all but the last byte, and no zero last byte after the first. Longer ids take the
 * general path.
 */
function isShortMinimalVarint(b: Uint8Array): boolean {
  const n = b.length
  if (n === 0 || n > 7) return false
  for (let i = 0; i < n - 1; i++) if ((b[i]! & 0x80) === 0) return false
  const last = b[n - 1]!
  return (last & 0x80) === 0 && (n === 1 || last !== 0)
}

export class Address {
  readonly bytes: Uint8Array
  #str?: Record<string, string>

  private constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }

  get protocol(): Protocol {
    return this.bytes[0] as Protocol
  }
  get payload(): Uint8Array {
    return this.bytes.subarray(1)
  }

  /** The actor id of an ID address. */
  get id(): bigint {
    if (this.protocol !== Protocol.ID) throw new InvalidError(`address ${this} is not an ID address`)
    return decodeUvarint(this.bytes, 1)[0]
  }

  static fromId(id: bigint | number): Address {
    const n = BigInt(id)
    if (n < 0n || n > MAX_ID) throw new InvalidError(`address: id ${n} is outside [0, 2^63)`)
    return new Address(concatBytes(Uint8Array.of(Protocol.ID), encodeUvarint(n)))
  }

  /** From a 65-byte uncompressed secp256k1 public key. */
  static fromSecp256k1PublicKey(pub: Uint8Array): Address {
    if (pub.length !== 65)
      throw new InvalidError(`address: secp256k1 public key must be 65 bytes uncompressed, got ${pub.length}`)
    return new Address(concatBytes(Uint8Array.of(Protocol.SECP256K1), addressHash(pub)))
  }

  /** From a 48-byte BLS public key. */
  static fromBlsPublicKey(pub: Uint8Array): Address {
    if (pub.length !== 48) throw new InvalidError(`address: BLS public key must be 48 bytes, got ${pub.length}`)
    return new Address(concatBytes(Uint8Array.of(Protocol.BLS), pub))
  }

  /** An actor address from the data it is derived from (Init.Exec: CBOR(origin)‖nonce‖count). */
  static fromActorData(data: Uint8Array): Address {
    return new Address(concatBytes(Uint8Array.of(Protocol.Actor), addressHash(data)))
  }

  static fromDelegated(namespace: bigint | number, subaddress: Uint8Array): Address {
    if (subaddress.length > MAX_SUBADDRESS_LEN) {
      throw new InvalidError(`address: delegated sub-address longer than ${MAX_SUBADDRESS_LEN} bytes`)
    }
    return new Address(concatBytes(Uint8Array.of(Protocol.Delegated), encodeUvarint(namespace), subaddress))
  }

  /** Parses and validates address bytes. */
  static fromBytes(bytes: Uint8Array): Address {
    if (bytes.length === 0) throw new DecodeError('address: empty bytes')
    const protocol = bytes[0]!
    const payload = bytes.subarray(1)
    switch (protocol) {
      case Protocol.ID: {
        if (isShortMinimalVarint(payload)) break
        const [id, n] = decodeUvarint(bytes, 1)
        if (n !== payload.length) throw new DecodeError('address: trailing bytes after the ID varint')
        if (id > MAX_ID) throw new DecodeError('address: id exceeds 2^63-1')
        break
      }
      case Protocol.Delegated: {
        const [, n] = decodeUvarint(bytes, 1)
        if (payload.length - n > MAX_SUBADDRESS_LEN) throw new DecodeError('address: delegated sub-address too long')
        break
      }
      case Protocol.SECP256K1:
      case Protocol.Actor:
      case Protocol.BLS:
        if (payload.length !== PAYLOAD_LEN[protocol]) {
          throw new DecodeError(
            `address: protocol ${protocol} payload must be ${PAYLOAD_LEN[protocol]} bytes, got ${payload.length}`,
          )
        }
        break
      default:
        throw new DecodeError(`address: unknown protocol ${protocol}`)
    }
    return new Address(bytes.slice())
  }

  /** Parses `f01234`, `t1...`, `f3...`, `f410f...`. With `network`, the prefix must be that network's. */
  static parse(text: string, network?: Network): Address {
    if (typeof text !== 'string' || text.length < 3)
      throw new DecodeError(`address: ${JSON.stringify(text)} is too short`)
    if (text.length > 2 + 138) throw new DecodeError('address: string too long')
    const net = text[0]
    if (net !== 'f' && net !== 't')
      throw new DecodeError(`address: unknown network prefix ${JSON.stringify(net)} in ${JSON.stringify(text)}`)
    if (network && net !== network) {
      throw new InvalidError(`address: ${text} is for network '${net}', expected '${network}'`)
    }
    const protocol = Number(text[1])
    const raw = text.slice(2)
    switch (protocol) {
      case Protocol.ID: {
        if (!/^(0|[1-9]\d{0,18})$/.test(raw)) throw new DecodeError(`address: bad ID ${JSON.stringify(raw)}`)
        const id = BigInt(raw)
        if (id > MAX_ID) throw new DecodeError(`address: id ${raw} exceeds 2^63-1`)
        return Address.fromId(id)
      }
      case Protocol.SECP256K1:
      case Protocol.Actor:
      case Protocol.BLS: {
        const all = unb32(raw, 'payload')
        const payload = all.subarray(0, all.length - CHECKSUM_LEN)
        if (payload.length !== PAYLOAD_LEN[protocol]) {
          throw new DecodeError(
            `address: protocol ${protocol} payload must be ${PAYLOAD_LEN[protocol]} bytes, got ${Math.max(0, payload.length)}`,
          )
        }
        const bytes = concatBytes(Uint8Array.of(protocol), payload)
        if (!bytesEqual(addressChecksum(bytes), all.subarray(payload.length)))
          throw new DecodeError(`address: bad checksum in ${text}`)
        return new Address(bytes)
      }
      case Protocol.Delegated: {
        const m = /^(0|[1-9]\d{0,18})f([a-z2-7]*)$/.exec(raw)
        if (!m) throw new DecodeError(`address: bad delegated address ${JSON.stringify(text)}`)
        const ns = BigInt(m[1]!)
        if (ns > MAX_ID) throw new DecodeError('address: namespace exceeds 2^63-1')
        const all = unb32(m[2]!, 'sub-address')
        if (all.length < CHECKSUM_LEN) throw new DecodeError('address: delegated address too short')
        const sub = all.subarray(0, all.length - CHECKSUM_LEN)
        const addr = Address.fromDelegated(ns, sub)
        if (!bytesEqual(addressChecksum(addr.bytes), all.subarray(sub.length)))
          throw new DecodeError(`address: bad checksum in ${text}`)
        return addr
      }
      default:
        throw new DecodeError(`address: unknown protocol ${JSON.stringify(text[1])} in ${JSON.stringify(text)}`)
    }
  }

  toString(network: Network = currentNetwork): string {
    const cached = this.#str?.[network]
    if (cached) return cached
    const prefix = `${network}${this.protocol}`
    let s: string
    switch (this.protocol) {
      case Protocol.ID:
        s = prefix + this.id.toString()
        break
      case Protocol.Delegated: {
        const [ns, n] = decodeUvarint(this.bytes, 1)
        s = `${prefix}${ns}f${b32(concatBytes(this.bytes.subarray(1 + n), addressChecksum(this.bytes)))}`
        break
      }
      default:
        s = prefix + b32(concatBytes(this.payload, addressChecksum(this.bytes)))
    }
    this.#str = { ...this.#str, [network]: s }
    return s
  }

  equals(other: Address): boolean {
    return bytesEqual(this.bytes, other.bytes)
  }

  /** A string usable as a Map key (network-independent). */
  get key(): string {
    return Buffer.from(this.bytes).toString('latin1')
  }
}

/** Address codec: CBOR bytes, Lotus-JSON string. */
export const AddressCodec: Codec<Address> = {
  name: 'Address',
  toCbor: (a) => a.bytes,
  fromCbor: (v, f = 'Address') => {
    const bytes = asBytes(v, f)
    try {
      return Address.fromBytes(bytes)
    } catch (err) {
      throw new DecodeError(`${f}: ${(err as Error).message}`)
    }
  },
  toJson: (a) => a.toString(),
  fromJson: (j, f = 'Address') => {
    if (typeof j !== 'string') return jsonWrong(f, 'an address string', j)
    try {
      return Address.parse(j)
    } catch (err) {
      throw new DecodeError(`${f}: ${(err as Error).message}`, { cause: err })
    }
  },
}
