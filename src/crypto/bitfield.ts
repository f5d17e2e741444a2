/**
 * BitField: a set of non-negative integers (sector numbers, partition indices) as Filecoin carries it —
 * RLE+ bytes in CBOR, and in Lotus-JSON the run lengths starting with a run of zeros
 * (go-bitfield `MarshalJSON`: {0, 1, 2, 8, 9} is `[0, 3, 5, 2]`; the empty set is `[0]`).
 */
import type { Codec } from '../core/codec.ts'
import { jsonWrong } from '../core/codec.ts'
import { asBytes } from '../core/cbor/read.ts'
import { DecodeError, InvalidError } from '../util/errors.ts'
import { findRange, intersectRanges, subtractRanges, unionRanges } from './ranges.ts'
import { decodeRanges, encodeRanges, MAX_ENCODED_SIZE } from './rleplus.ts'

/** Range ends, and so bits + 1, stay within 2^53 - 1 (what the RLE+ decoder accepts). */
const MAX_END = Number.MAX_SAFE_INTEGER

function checkIndex(x: unknown, what: string, max = MAX_END): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > max)
    throw new InvalidError(`bitfield: ${what} must be an integer in [0, ${max}], got ${String(x)}`)
  return x
}

export class BitField {
  /** Flat half-open ranges [s0, e0, s1, e1, ...]: sorted, non-empty, non-adjacent. */
  private readonly r: readonly number[]
  private cachedCount?: number

  private constructor(ranges: readonly number[]) {
    this.r = ranges
  }

  static readonly empty: BitField = new BitField([])

  /** From any numbers, in any order, repeats allowed. */
  static fromSet(bits: Iterable<number>): BitField {
    const sorted = Array.from(bits, (b) => checkIndex(b, 'bit', MAX_END - 1)).sort((a, b) => a - b)
    const out: number[] = []
    for (const b of sorted) {
      const n = out.length
      if (n > 0 && b <= out[n - 1]!) {
        if (b === out[n - 1]) out[n - 1] = b + 1
      } else out.push(b, b + 1)
    }
    return new BitField(out)
  }

  /** From half-open [start, end) ranges, in any order; overlapping or touching ranges merge. */
  static fromRanges(ranges: Iterable<readonly [number, number]>): BitField {
    const list = Array.from(ranges, ([s, e]) => {
      checkIndex(s, 'range start')
      checkIndex(e, 'range end')
      if (e < s) throw new InvalidError(`bitfield: range [${s}, ${e}) ends before it starts`)
      return [s, e] as const
    }).sort((a, b) => a[0] - b[0])
    let out: number[] = []
    for (const [s, e] of list) if (s < e) out = unionRanges(out, [s, e])
    return new BitField(out)
  }

  /**
   * From alternating run lengths that start with a run of zeros (Lotus's JSON form). Zero is allowed only
   * as the first length; a final run of zeros is dropped, as go-bitfield does.
   */
  static fromRuns(runs: readonly number[]): BitField {
    const out: number[] = []
    let at = 0
    runs.forEach((len, i) => {
      checkIndex(len, `run ${i}`)
      if (len === 0 && i !== 0) throw new InvalidError(`bitfield: run ${i} has length 0 (only the first may)`)
      const end = at + len
      if (end > MAX_END) throw new InvalidError('bitfield: runs extend past 2^53 - 1')
      if (i % 2 === 1) out.push(at, end)
      at = end
    })
    return new BitField(out)
  }

  /** Decodes RLE+ bytes (strict; DecodeError naming the problem). */
  static fromBytes(bytes: Uint8Array): BitField {
    return new BitField(decodeRanges(bytes))
  }

  /** The canonical RLE+ bytes. */
  toBytes(): Uint8Array {
    return encodeRanges(this.r)
  }

  /** Number of set bits. */
  get count(): number {
    if (this.cachedCount === undefined) {
      let n = 0
      for (let i = 0; i < this.r.length; i += 2) n += this.r[i + 1]! - this.r[i]!
      this.cachedCount = n
    }
    return this.cachedCount
  }

  get isEmpty(): boolean {
    return this.r.length === 0
  }

  /** Number of runs of ones. */
  get rangeCount(): number {
    return this.r.length / 2
  }

  has(bit: number): boolean {
    return Number.isSafeInteger(bit) && bit >= 0 && findRange(this.r, bit) >= 0
  }

  /** The lowest set bit, or undefined when empty. */
  first(): number | undefined {
    return this.r[0]
  }

  /** The highest set bit, or undefined when empty. */
  last(): number | undefined {
    const n = this.r.length
    return n === 0 ? undefined : this.r[n - 1]! - 1
  }

  union(other: BitField): BitField {
    return new BitField(unionRanges(this.r, other.r))
  }

  intersect(other: BitField): BitField {
    return new BitField(intersectRanges(this.r, other.r))
  }

  /** The bits of this set that are not in `other`. */
  subtract(other: BitField): BitField {
    return new BitField(subtractRanges(this.r, other.r))
  }

  /** The union of any number of bitfields (go-bitfield `MultiMerge`). */
  static unionAll(fields: Iterable<BitField>): BitField {
    let acc: readonly number[] = []
    for (const f of fields) acc = unionRanges(acc, f.r)
    return new BitField(acc)
  }

  equals(other: BitField): boolean {
    if (this.r.length !== other.r.length) return false
    for (let i = 0; i < this.r.length; i++) if (this.r[i] !== other.r[i]) return false
    return true
  }

  /** Set bits in increasing order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = 0; i < this.r.length; i += 2) for (let b = this.r[i]!; b < this.r[i + 1]!; b++) yield b
  }

  /** The [start, end) ranges of set bits, in order. */
  *ranges(): IterableIterator<[number, number]> {
    for (let i = 0; i < this.r.length; i += 2) yield [this.r[i]!, this.r[i + 1]!]
  }

  /** The first `n` set bits (fewer if the set is smaller). */
  take(n: number): number[] {
    const out: number[] = []
    for (let i = 0; i < this.r.length && out.length < n; i += 2)
      for (let b = this.r[i]!; b < this.r[i + 1]! && out.length < n; b++) out.push(b)
    return out
  }

  /**
   * All set bits as an array; InvalidError when there are more than `max` (go-bitfield `All(max)`,
   * which guards callers against expanding a huge run).
   */
  toArray(max: number = 1 << 20): number[] {
    if (this.count > max) throw new InvalidError(`bitfield: ${this.count} bits set, over the limit of ${max}`)
    return this.take(max)
  }

  /**
   * The `count` set bits starting from the `start`-th set bit (go-bitfield `Slice`); InvalidError when
   * the set has fewer than start + count bits.
   */
  slice(start: number, count: number): BitField {
    checkIndex(start, 'slice start')
    checkIndex(count, 'slice count')
    if (start + count > this.count)
      throw new InvalidError(`bitfield: slice [${start}, ${start + count}) is past the ${this.count} set bits`)
    const out: number[] = []
    let skip = start
    let left = count
    for (let i = 0; i < this.r.length && left > 0; i += 2) {
      const len = this.r[i + 1]! - this.r[i]!
      if (skip >= len) {
        skip -= len
        continue
      }
      const s = this.r[i]! + skip
      const take = Math.min(len - skip, left)
      out.push(s, s + take)
      left -= take
      skip = 0
    }
    return new BitField(out)
  }

  /** Lotus-JSON: run lengths starting with a (possibly empty) run of zeros; `[0]` when empty. */
  toJson(): number[] {
    if (this.r.length === 0) return [0]
    const out: number[] = [this.r[0]!]
    for (let i = 0; i < this.r.length; i += 2) {
      if (i > 0) out.push(this.r[i]! - this.r[i - 1]!)
      out.push(this.r[i + 1]! - this.r[i]!)
    }
    return out
  }

  static fromJson(json: unknown, field = 'BitField'): BitField {
    if (json === null) return BitField.empty
    if (!Array.isArray(json)) return jsonWrong(field, 'an array of run lengths', json)
    const runs = json.map((v, i) => {
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v
      if (typeof v === 'bigint' && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v)
      throw new DecodeError(`${field}[${i}]: expected a run length (a non-negative integer below 2^53)`)
    })
    try {
      return BitField.fromRuns(runs)
    } catch (err) {
      throw new DecodeError(`${field}: ${(err as Error).message}`)
    }
  }

  toString(): string {
    return `BitField(${this.toJson().join(',')})`
  }
}

/** BitField codec: CBOR byte string of RLE+ (at most 32 KiB), Lotus-JSON run lengths. */
export const BitFieldCodec: Codec<BitField> = {
  name: 'BitField',
  toCbor: (bf) => {
    const bytes = bf.toBytes()
    if (bytes.length > MAX_ENCODED_SIZE)
      throw new InvalidError(`bitfield: encoding is ${bytes.length} bytes, over the ${MAX_ENCODED_SIZE}-byte limit`)
    return bytes
  },
  fromCbor: (v, f = 'BitField') => {
    const bytes = asBytes(v, f)
    try {
      return BitField.fromBytes(bytes)
    } catch (err) {
      throw new DecodeError(`${f}: ${(err as Error).message}`, { cause: err })
    }
  },
  toJson: (bf) => bf.toJson(),
  fromJson: (j, f = 'BitField') => BitField.fromJson(j, f),
}
