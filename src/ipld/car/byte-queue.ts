/**
 * Pulls exact byte counts out of an async iterable of chunks (a file stream, a socket), holding only
 * what the current read needs beyond one chunk.
 */
import { DecodeError, ErrorCode, LotusError } from '../../util/errors.ts'

export class ByteQueue {
  private chunks: Uint8Array[] = []
  private head = 0
  /** Bytes buffered and not yet consumed. */
  buffered = 0
  private ended = false
  /** Bytes consumed so far (for error messages). */
  offset = 0

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  /** Buffers at least `n` bytes; false when the source ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.buffered < n) {
      if (this.ended) return false
      let next: IteratorResult<Uint8Array>
      try {
        next = await this.source.next()
      } catch (err) {
        if (err instanceof LotusError) throw err
        throw new LotusError(ErrorCode.Storage, `CAR source failed: ${(err as Error)?.message ?? err}`, { cause: err })
      }
      if (next.done) {
        this.ended = true
        return false
      }
      const chunk = next.value as unknown
      if (!(chunk instanceof Uint8Array)) throw new DecodeError('CAR source yielded something other than bytes')
      if (chunk.length === 0) continue
      this.chunks.push(chunk)
      this.buffered += chunk.length
    }
    return true
  }

  /** The next byte (fill(1) must have returned true). */
  byte(): number {
    const chunk = this.chunks[0]!
    const b = chunk[this.head++]!
    this.consumed(1, chunk)
    return b
  }

  /** A copy of the next `n` bytes (fill(n) must have returned true). */
  take(n: number): Uint8Array {
    const first = this.chunks[0]!
    if (first.length - this.head >= n) {
      const out = new Uint8Array(first.subarray(this.head, this.head + n))
      this.head += n
      this.consumed(n, first)
      return out
    }
    const out = new Uint8Array(n)
    let at = 0
    while (at < n) {
      const chunk = this.chunks[0]!
      const k = Math.min(n - at, chunk.length - this.head)
      out.set(chunk.subarray(this.head, this.head + k), at)
      at += k
      this.head += k
      this.consumed(k, chunk)
    }
    return out
  }

  private consumed(n: number, chunk: Uint8Array): void {
    this.buffered -= n
    this.offset += n
    if (this.head === chunk.length) {
      this.chunks.shift()
      this.head = 0
    }
  }

  /**
   * Reads an unsigned varint (at most 9 bytes, minimal). Returns undefined at a clean end of input
   * (no byte at all); a varint cut short is a DecodeError.
   */
  async varint(what: string): Promise<number | undefined> {
    const quick = this.varintInChunk(what)
    if (quick !== undefined) return quick
    const start = this.offset
    let value = 0
    for (let i = 0; i < 9; i++) {
      if (!(await this.fill(1))) {
        if (i === 0) return undefined
        throw new DecodeError(`CAR truncated inside the ${what} length at offset ${start}`)
      }
      const b = this.byte()
      value += (b & 0x7f) * 2 ** (7 * i)
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw new DecodeError(`CAR ${what} length at offset ${start} is not minimally encoded`)
        if (!Number.isSafeInteger(value)) throw new DecodeError(`CAR ${what} length at offset ${start} is too large`)
        return value
      }
    }
    throw new DecodeError(`CAR ${what} length at offset ${start} is longer than 9 bytes`)
  }

  /** The varint decoded straight from the current chunk when it ends there; undefined otherwise. */
  private varintInChunk(what: string): number | undefined {
    const chunk = this.chunks[0]
    if (!chunk) return undefined
    let value = 0
    for (let i = 0; i < 8 && this.head + i < chunk.length; i++) {
      const b = chunk[this.head + i]!
      value += (b & 0x7f) * 2 ** (7 * i)
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0)
          throw new DecodeError(`CAR ${what} length at offset ${this.offset} is not minimally encoded`)
        this.head += i + 1
        this.consumed(i + 1, chunk)
        return value
      }
    }
    return undefined
  }
}
