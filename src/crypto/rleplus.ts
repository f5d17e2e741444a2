/**
 * RLE+ (the Filecoin bitfield encoding; go-bitfield `rle/`, ref-fvm `fvm_ipld_bitfield`).
 *
 * Bits are packed least-significant first. The stream is a 2-bit version (00), one bit giving the value
 * of the first run, then runs of alternating value, each one block:
 *   `1`                      a run of length 1
 *   `01` + 4 bits            a run of length 2..15
 *   `00` + unsigned varint   a run of length 16 or more
 * and nothing after the last run of ones but zero padding in the final byte. The decoder is as strict as
 * the built-in actors' (ref-fvm), which is what consensus uses: every run minimally encoded, no trailing
 * run of zeros, no trailing zero byte, version 00, at most MAX_ENCODED_SIZE bytes. Empty bytes are the
 * empty set, and the only encoding of it.
 *
 * Sets are handled here as flat half-open ranges `[s0, e0, s1, e1, ...]`, sorted, non-empty and
 * non-adjacent. Bit indices are JS numbers: a bitfield reaching past 2^53 - 1 is refused by name
 * (sector numbers and partition indices stay far below that).
 */
import { DecodeError } from '../util/errors.ts'

/** Largest encoded bitfield accepted (go-bitfield `MaxEncodedSize`, ref-fvm `MAX_ENCODED_SIZE`). */
export const MAX_ENCODED_SIZE = 32 << 10

/** Longest varint a run length may use: 10 bytes covers a full uint64. */
const VARINT_MAX_BYTES = 10

class BitWriter {
  private readonly out: number[] = []
  private acc = 0
  private nbits = 0

  put(value: number, count: number): void {
    this.acc |= value << this.nbits
    this.nbits += count
    while (this.nbits >= 8) {
      this.out.push(this.acc & 0xff)
      this.acc >>>= 8
      this.nbits -= 8
    }
  }

  /** One run length as its block. */
  putLen(len: number): void {
    if (len === 1) this.put(1, 1)
    else if (len < 16) {
      this.put(0b10, 2)
      this.put(len, 4)
    } else {
      this.put(0b00, 2)
      let n = len
      while (n >= 0x80) {
        this.put((n % 0x80) | 0x80, 8)
        n = Math.floor(n / 0x80)
      }
      this.put(n, 8)
    }
  }

  finish(): Uint8Array {
    if (this.nbits > 0) this.out.push(this.acc & 0xff)
    let end = this.out.length
    while (end > 0 && this.out[end - 1] === 0) end--
    return Uint8Array.from(this.out.slice(0, end))
  }
}

/** Encodes flat ranges (see the module comment) as RLE+ bytes; the empty set is empty bytes. */
export function encodeRanges(ranges: readonly number[]): Uint8Array {
  if (ranges.length === 0) return new Uint8Array(0)
  const w = new BitWriter()
  w.put(0, 2) // version
  const first = ranges[0]!
  if (first === 0) w.put(1, 1)
  else {
    w.put(0, 1)
    w.putLen(first)
  }
  let at = first
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i]!
    const end = ranges[i + 1]!
    if (i > 0) w.putLen(start - at)
    w.putLen(end - start)
    at = end
  }
  return w.finish()
}

class BitReader {
  private pos = 0
  /** One past the highest set bit: every bit from here on is zero. */
  private readonly end: number

  constructor(private readonly bytes: Uint8Array) {
    const last = bytes[bytes.length - 1] ?? 0
    this.end = bytes.length === 0 ? 0 : (bytes.length - 1) * 8 + (32 - Math.clz32(last))
  }

  /** Reads up to 8 bits; past the end the stream reads as zeros. */
  read(count: number): number {
    const i = this.pos >> 3
    const window = (this.bytes[i] ?? 0) | ((this.bytes[i + 1] ?? 0) << 8)
    const v = (window >>> (this.pos & 7)) & ((1 << count) - 1)
    this.pos += count
    return v
  }

  peek(count: number): number {
    const v = this.read(count)
    this.pos -= count
    return v
  }

  hasMore(): boolean {
    return this.pos < this.end
  }

  /** Reads one block: a run length, minimally encoded. */
  readLen(): number {
    const p = this.peek(6)
    if (p & 0b1) {
      this.pos += 1
      return 1
    }
    if (p & 0b10) {
      this.pos += 6
      const len = p >> 2
      if (len < 2) throw new DecodeError(`RLE+: run of length ${len} in a 4-bit block (not minimally encoded)`)
      return len
    }
    this.pos += 2
    const len = this.readVarint()
    if (len < 16) throw new DecodeError(`RLE+: run of length ${len} in a varint block (not minimally encoded)`)
    return len
  }

  private readVarint(): number {
    let value = 0
    let scale = 1
    for (let i = 0; i < VARINT_MAX_BYTES; i++) {
      const byte = this.read(8)
      value += (byte & 0x7f) * scale
      scale *= 0x80
      if ((byte & 0x80) === 0) {
        if (i === VARINT_MAX_BYTES - 1 && byte > 1) throw new DecodeError('RLE+: run length varint overflows 64 bits')
        if (byte === 0 && i !== 0) throw new DecodeError('RLE+: run length varint is not minimally encoded')
        if (value > Number.MAX_SAFE_INTEGER)
          throw new DecodeError('RLE+: run length exceeds 2^53 - 1 (unsupported bitfield size)')
        return value
      }
    }
    throw new DecodeError(`RLE+: run length varint longer than ${VARINT_MAX_BYTES} bytes`)
  }
}

/** Decodes RLE+ bytes to flat ranges, strictly (DecodeError naming the problem). */
export function decodeRanges(bytes: Uint8Array): number[] {
  if (bytes.length > MAX_ENCODED_SIZE)
    throw new DecodeError(`RLE+: encoding is ${bytes.length} bytes, over the ${MAX_ENCODED_SIZE}-byte limit`)
  if (bytes.length === 0) return []
  if (bytes[bytes.length - 1] === 0) throw new DecodeError('RLE+: trailing zero byte (not minimally encoded)')
  const r = new BitReader(bytes)
  const version = r.read(2)
  if (version !== 0) throw new DecodeError(`RLE+: unsupported version ${version} (expected 0)`)
  let ones = r.read(1) === 1
  const out: number[] = []
  let at = 0
  while (r.hasMore()) {
    const len = r.readLen()
    const end = at + len
    if (end > Number.MAX_SAFE_INTEGER)
      throw new DecodeError('RLE+: bitfield extends past bit 2^53 - 1 (unsupported bitfield size)')
    if (ones) out.push(at, end)
    at = end
    ones = !ones
  }
  // Runs alternate, so `ones` still set means the last run read was zeros (or there was none at all).
  if (ones) {
    if (at === 0) throw new DecodeError('RLE+: header without runs (the empty set is encoded as empty bytes)')
    throw new DecodeError('RLE+: ends with a run of zeros (not minimally encoded)')
  }
  return out
}
