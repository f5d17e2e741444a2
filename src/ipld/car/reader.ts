/**
 * Streaming CAR v1 reader over any async iterable of byte chunks (e.g. `fs.createReadStream`): checks the
 * header, bounds every section (8 MiB by default; a Filecoin block is at most a few MiB), parses each CID
 * and, with `verify`, checks each block's bytes against its CID (blake2b-256, sha2-256, identity).
 * Memory stays at one section plus one chunk. Any malformed or truncated input is a DecodeError.
 */
import { createReadStream } from 'node:fs'
import { type CID, decodeCidPrefix } from '../../core/cid.ts'
import { DecodeError } from '../../util/errors.ts'
import { verifyBlock } from '../block-hash.ts'
import type { Block } from '../blockstore.ts'
import { ByteQueue } from './byte-queue.ts'
import { type CarHeader, decodeCarHeader } from './header.ts'

export interface CarReadOptions {
  /** Check each block against its CID's hash. Default false. */
  verify?: boolean
  /** Largest section (CID + data) accepted, also the header's limit. Default 8 MiB. */
  maxSectionBytes?: number
}

export const DEFAULT_MAX_SECTION_BYTES = 8 * 1024 * 1024

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>

export class CarReader {
  private constructor(
    readonly header: CarHeader,
    private readonly queue: ByteQueue,
    private readonly opts: Required<CarReadOptions>,
  ) {}

  /** Reads and checks the header; the blocks follow through iteration. */
  static async open(source: ByteSource, opts: CarReadOptions = {}): Promise<CarReader> {
    const full = { verify: opts.verify ?? false, maxSectionBytes: opts.maxSectionBytes ?? DEFAULT_MAX_SECTION_BYTES }
    const it =
      Symbol.asyncIterator in source
        ? (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        : (async function* () {
            yield* source as Iterable<Uint8Array>
          })()
    const queue = new ByteQueue(it)
    const len = await queue.varint('header')
    if (len === undefined) throw new DecodeError('CAR is empty (no header)')
    if (len === 0) throw new DecodeError('CAR header length is zero')
    if (len > full.maxSectionBytes)
      throw new DecodeError(`CAR header of ${len} bytes exceeds the ${full.maxSectionBytes}-byte limit`)
    if (!(await queue.fill(len))) throw new DecodeError(`CAR truncated inside the ${len}-byte header`)
    return new CarReader(decodeCarHeader(queue.take(len)), queue, full)
  }

  /** Opens a CAR file as a stream. */
  static async openFile(path: string, opts: CarReadOptions = {}): Promise<CarReader> {
    return CarReader.open(createReadStream(path, { highWaterMark: 1024 * 1024 }), opts)
  }

  /** The blocks in file order. Iterate once. */
  async *blocks(): AsyncGenerator<Block> {
    const q = this.queue
    for (;;) {
      const start = q.offset
      const len = await q.varint('section')
      if (len === undefined) return
      if (len === 0) throw new DecodeError(`CAR section at offset ${start} has length zero`)
      if (len > this.opts.maxSectionBytes) {
        throw new DecodeError(
          `CAR section at offset ${start} is ${len} bytes, over the ${this.opts.maxSectionBytes}-byte limit`,
        )
      }
      if (q.buffered < len && !(await q.fill(len)))
        throw new DecodeError(`CAR truncated inside the ${len}-byte section at offset ${start}`)
      const section = q.take(len)
      let cid: CID
      let bytes: Uint8Array
      try {
        const [c, used] = decodeCidPrefix(section)
        cid = c
        bytes = section.subarray(used)
      } catch (err) {
        throw new DecodeError(`CAR section at offset ${start}: ${(err as Error).message}`)
      }
      if (this.opts.verify) verifyBlock(cid, bytes)
      yield { cid, bytes }
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<Block> {
    return this.blocks()
  }
}
