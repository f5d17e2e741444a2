/**
 * Strict DAG-CBOR decoder: rejects what Filecoin's cbor-gen rejects (non-minimal integer headers,
 * indefinite lengths, tags other than 42, floats, undefined, unsorted or duplicate map keys, invalid
 * UTF-8, trailing bytes) with a DecodeError that names the problem and its offset.
 */
import { decodeCidBytes } from '../cid.ts'
import { DecodeError } from '../../util/errors.ts'
import { compareMapKeys } from './encode.ts'
import type { CborMap, CborValue } from './value.ts'

export const MAX_CBOR_DEPTH = 256
const textDecoder = new TextDecoder('utf-8', { fatal: true })

class Reader {
  pos = 0
  readonly view: DataView
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  fail(what: string): never {
    throw new DecodeError(`cbor: ${what} at offset ${this.pos}`)
  }

  need(n: number): void {
    if (this.pos + n > this.buf.length)
      this.fail(`truncated input (need ${n} more bytes, have ${this.buf.length - this.pos})`)
  }

  /** Reads a header; returns [major, argument]. The argument is a number when safe, else a bigint. */
  header(): [number, number | bigint, number] {
    this.need(1)
    const start = this.pos
    const b = this.buf[this.pos++]!
    const major = b >> 5
    const info = b & 0x1f
    if (info < 24) return [major, info, info]
    switch (info) {
      case 24: {
        this.need(1)
        const n = this.buf[this.pos++]!
        if (n < 24) this.failAt(start, 'non-canonical integer header (1-byte form for a value < 24)')
        return [major, n, info]
      }
      case 25: {
        this.need(2)
        const n = this.view.getUint16(this.pos)
        this.pos += 2
        if (n < 0x100) this.failAt(start, 'non-canonical integer header (2-byte form for a value < 256)')
        return [major, n, info]
      }
      case 26: {
        this.need(4)
        const n = this.view.getUint32(this.pos)
        this.pos += 4
        if (n < 0x10000) this.failAt(start, 'non-canonical integer header (4-byte form for a value < 65536)')
        return [major, n, info]
      }
      case 27: {
        this.need(8)
        const n = this.view.getBigUint64(this.pos)
        this.pos += 8
        if (n < 0x100000000n) this.failAt(start, 'non-canonical integer header (8-byte form for a value < 2^32)')
        return [major, n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n, info]
      }
      case 31:
        return this.failAt(start, 'indefinite-length items are not allowed')
      default:
        return this.failAt(start, `reserved additional information ${info}`)
    }
  }

  failAt(pos: number, what: string): never {
    this.pos = pos
    return this.fail(what)
  }

  length(n: number | bigint, unit: number, what: string): number {
    // Every item takes at least `unit` bytes, so a length beyond what is left is impossible.
    if (typeof n === 'bigint' || n * unit > this.buf.length - this.pos)
      this.fail(`${what} length ${n} exceeds the input`)
    return n as number
  }

  bytes(n: number): Uint8Array {
    this.need(n)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
}

function read(r: Reader, depth: number): CborValue {
  if (depth > MAX_CBOR_DEPTH) r.fail(`nesting deeper than ${MAX_CBOR_DEPTH}`)
  const start = r.pos
  const first = r.buf[start]
  if (first !== undefined && first >> 5 === 7 && (first & 0x1f) >= 24 && (first & 0x1f) < 31) {
    r.fail(
      (first & 0x1f) === 24 ? 'simple values beyond null are not allowed' : 'floating-point numbers are not allowed',
    )
  }
  const [major, arg, info] = r.header()
  switch (major) {
    case 0:
      return arg
    case 1:
      return typeof arg === 'number' ? -1 - arg : -1n - arg
    case 2:
      return r.bytes(r.length(arg, 1, 'byte string')).slice()
    case 3:
      try {
        return textDecoder.decode(r.bytes(r.length(arg, 1, 'text string')))
      } catch (err) {
        if (err instanceof DecodeError) throw err
        return r.failAt(start, 'text string is not valid UTF-8')
      }
    case 4: {
      const n = r.length(arg, 1, 'array')
      const out: CborValue[] = new Array(n)
      for (let i = 0; i < n; i++) out[i] = read(r, depth + 1)
      return out
    }
    case 5: {
      const n = r.length(arg, 2, 'map')
      const out: CborMap = Object.create(null)
      let prev: string | undefined
      for (let i = 0; i < n; i++) {
        const keyAt = r.pos
        const key = read(r, depth + 1)
        if (typeof key !== 'string') r.failAt(keyAt, 'map key is not a text string')
        if (prev !== undefined) {
          const c = compareMapKeys(prev, key as string)
          if (c === 0) r.failAt(keyAt, `duplicate map key ${JSON.stringify(key)}`)
          if (c > 0) r.failAt(keyAt, 'map keys are not in canonical order')
        }
        prev = key as string
        out[key as string] = read(r, depth + 1)
      }
      return out
    }
    case 6: {
      if (arg !== 42) r.failAt(start, `tag ${arg} is not allowed (only 42, CID)`)
      const inner = read(r, depth + 1)
      if (!(inner instanceof Uint8Array)) return r.failAt(start, 'tag 42 does not wrap a byte string')
      if (inner.length < 2 || inner[0] !== 0) r.failAt(start, 'CID bytes must start with the 0x00 multibase prefix')
      try {
        return decodeCidBytes(inner.subarray(1))
      } catch (err) {
        return r.failAt(start, `invalid CID (${(err as Error).message})`)
      }
    }
    default: {
      if (info === 20) return false
      if (info === 21) return true
      if (info === 22) return null
      return r.failAt(start, `simple value ${info} is not allowed`)
    }
  }
}

/** Decodes exactly one DAG-CBOR item; trailing bytes are an error. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const r = new Reader(bytes)
  const v = read(r, 0)
  if (r.pos !== bytes.length) r.fail(`${bytes.length - r.pos} trailing bytes after the item`)
  return v
}

/** Decodes one item from the front of `bytes`; returns it and how many bytes it took (for streams). */
export function decodeCborPrefix(bytes: Uint8Array): [CborValue, number] {
  const r = new Reader(bytes)
  const v = read(r, 0)
  return [v, r.pos]
}
