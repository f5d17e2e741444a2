/**
 * Streaming CAR v1 writer: the header, then one section per block, `varint(len(cid)+len(data)) ‖ cid ‖
 * data`. Sections are packed into chunks of `chunkBytes` before they reach the sink, so a stream sees
 * few large writes; memory stays at one chunk whatever the CAR's size.
 */
import type { Writable } from 'node:stream'
import type { CID } from '../../core/cid.ts'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { encodeUvarint } from '../../util/varint.ts'
import type { Block } from '../blockstore.ts'
import { encodeCarHeader } from './header.ts'

/** Receives the CAR's bytes in order; may return a promise to apply backpressure. */
export type CarSink = (chunk: Uint8Array) => void | Promise<void>

export interface CarWriterOptions {
  /** Bytes gathered before a chunk goes to the sink. Default 256 KiB. */
  chunkBytes?: number
}

/** One section's bytes (for callers that frame sections themselves). */
export function encodeCarSection(cid: CID, data: Uint8Array): Uint8Array {
  const len = encodeUvarint(cid.bytes.length + data.length)
  const out = new Uint8Array(len.length + cid.bytes.length + data.length)
  out.set(len)
  out.set(cid.bytes, len.length)
  out.set(data, len.length + cid.bytes.length)
  return out
}

export class CarWriter {
  private buf: Uint8Array
  private used = 0
  private closed = false

  constructor(
    private readonly sink: CarSink,
    roots: readonly CID[],
    opts: CarWriterOptions = {},
  ) {
    const header = encodeCarHeader(roots)
    this.buf = new Uint8Array(Math.max(opts.chunkBytes ?? 256 * 1024, header.length))
    this.append(header)
  }

  /** A writer into a Node stream that waits for 'drain' when the stream's buffer is full. */
  static toStream(stream: Writable, roots: readonly CID[], opts: CarWriterOptions = {}): CarWriter {
    const sink: CarSink = (chunk) =>
      new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => reject(new LotusError(ErrorCode.Storage, `CAR write failed: ${err.message}`))
        stream.once('error', onError)
        const done = () => {
          stream.off('error', onError)
          resolve()
        }
        if (stream.write(chunk)) done()
        else stream.once('drain', done)
      })
    return new CarWriter(sink, roots, opts)
  }

  private append(bytes: Uint8Array): void {
    this.buf.set(bytes, this.used)
    this.used += bytes.length
  }

  private async drain(): Promise<void> {
    if (this.used === 0) return
    const chunk = this.buf.slice(0, this.used)
    this.used = 0
    await this.sink(chunk)
  }

  /** Appends one block. */
  async put(block: Block): Promise<void> {
    if (this.closed) throw new LotusError(ErrorCode.Internal, 'CAR writer: put after close')
    const { cid, bytes } = block
    const len = encodeUvarint(cid.bytes.length + bytes.length)
    const size = len.length + cid.bytes.length + bytes.length
    if (this.used + size > this.buf.length) await this.drain()
    if (size > this.buf.length) {
      // Larger than a chunk: its prefix and data go straight to the sink.
      this.append(len)
      this.append(cid.bytes)
      await this.drain()
      await this.sink(bytes)
      return
    }
    this.append(len)
    this.append(cid.bytes)
    this.append(bytes)
  }

  /** Writes what is buffered. The sink (or stream) stays open; ending it is the caller's business. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.drain()
  }
}

/** The CAR's bytes as an async iterable of chunks (pipe it with `stream.Readable.from`). */
export async function* carChunks(
  roots: readonly CID[],
  blocks: AsyncIterable<Block> | Iterable<Block>,
  opts: CarWriterOptions = {},
): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = []
  const writer = new CarWriter((chunk) => void ready.push(chunk), roots, opts)
  for await (const block of blocks) {
    await writer.put(block)
    while (ready.length > 0) yield ready.shift()!
  }
  await writer.close()
  while (ready.length > 0) yield ready.shift()!
}
