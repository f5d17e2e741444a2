/** Canonical DAG-CBOR encoder: minimal integer headers, definite lengths, map keys in canonical order. */
import { CID } from 'multiformats/cid'
import { InvalidError } from '../../util/errors.ts'
import type { CborValue } from './value.ts'

const MAX_U64 = (1n << 64n) - 1n
const textEncoder = new TextEncoder()

class Writer {
  buf = new Uint8Array(256)
  view = new DataView(this.buf.buffer)
  pos = 0

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  header(major: number, n: number | bigint): void {
    const m = major << 5
    if (typeof n === 'bigint') {
      if (n <= 0xffffffffn) return this.header(major, Number(n))
      this.ensure(9)
      this.buf[this.pos++] = m | 27
      this.view.setBigUint64(this.pos, n)
      this.pos += 8
      return
    }
    this.ensure(9)
    if (n < 24) {
      this.buf[this.pos++] = m | n
    } else if (n < 0x100) {
      this.buf[this.pos++] = m | 24
      this.buf[this.pos++] = n
    } else if (n < 0x10000) {
      this.buf[this.pos++] = m | 25
      this.view.setUint16(this.pos, n)
      this.pos += 2
    } else if (n < 0x100000000) {
      this.buf[this.pos++] = m | 26
      this.view.setUint32(this.pos, n)
      this.pos += 4
    } else {
      this.buf[this.pos++] = m | 27
      this.view.setBigUint64(this.pos, BigInt(n))
      this.pos += 8
    }
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }
}

function writeInt(w: Writer, n: number | bigint): void {
  if (typeof n === 'number') {
    if (!Number.isSafeInteger(n)) throw new InvalidError(`cbor: cannot encode non-integer number ${n}`)
    if (n >= 0) w.header(0, n)
    else w.header(1, -1 - n)
    return
  }
  if (n >= 0n) {
    if (n > MAX_U64) throw new InvalidError(`cbor: integer ${n} exceeds uint64`)
    w.header(0, n)
  } else {
    const m = -1n - n
    if (m > MAX_U64) throw new InvalidError(`cbor: integer ${n} is below -2^64`)
    w.header(1, m)
  }
}

/** DAG-CBOR map key order: shorter keys first, then bytewise. */
export function compareMapKeys(a: string, b: string): number {
  const ea = textEncoder.encode(a)
  const eb = textEncoder.encode(b)
  if (ea.length !== eb.length) return ea.length - eb.length
  for (let i = 0; i < ea.length; i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!
  return 0
}

function write(w: Writer, v: CborValue, depth: number): void {
  if (depth > 1024) throw new InvalidError('cbor: value nested too deeply to encode')
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return writeInt(w, v)
    case 'string': {
      const b = textEncoder.encode(v)
      w.header(3, b.length)
      return w.raw(b)
    }
    case 'boolean':
      w.ensure(1)
      w.buf[w.pos++] = v ? 0xf5 : 0xf4
      return
    case 'object': {
      if (v === null) {
        w.ensure(1)
        w.buf[w.pos++] = 0xf6
        return
      }
      if (v instanceof Uint8Array) {
        w.header(2, v.length)
        return w.raw(v)
      }
      if (Array.isArray(v)) {
        w.header(4, v.length)
        for (const item of v) write(w, item, depth + 1)
        return
      }
      const cid = CID.asCID(v)
      if (cid) {
        w.header(6, 42)
        w.header(2, cid.bytes.length + 1)
        w.ensure(1)
        w.buf[w.pos++] = 0
        return w.raw(cid.bytes)
      }
      const keys = Object.keys(v).sort(compareMapKeys)
      w.header(5, keys.length)
      for (const k of keys) {
        write(w, k, depth + 1)
        write(w, (v as Record<string, CborValue>)[k]!, depth + 1)
      }
      return
    }
    default:
      throw new InvalidError(`cbor: cannot encode a value of type ${typeof v}`)
  }
}

/** Encodes a value as canonical DAG-CBOR. */
export function encodeCbor(value: CborValue): Uint8Array {
  // One scratch writer serves every call (encoding never re-enters itself); the result is a copy.
  const w = scratch
  w.pos = 0
  try {
    write(w, value, 0)
    return w.buf.slice(0, w.pos)
  } finally {
    if (w.buf.length > MAX_SCRATCH) scratch = new Writer()
  }
}

/** Past this size the scratch buffer is dropped after use rather than kept. */
const MAX_SCRATCH = 1 << 20
let scratch = new Writer()
