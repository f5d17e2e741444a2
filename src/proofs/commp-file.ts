/**
 * CommP of a file, streamed in constant memory (what `lotus client commP <file>` prints). The synchronous
 * hashing runs on the calling thread; `commPFile` in ./worker/run.ts runs it in a worker thread.
 */
import { open } from 'node:fs/promises'
import { InvalidError } from '../util/errors.ts'
import { type CommPResult, CommPHasher } from './commp.ts'
import type { Kernel } from './kernel/kernel.ts'

export interface CommPFileOptions {
  /** Called with (bytes read, file size) after each chunk. */
  readonly onProgress?: (done: number, total: number) => void
  readonly signal?: AbortSignal
  readonly kernel?: Kernel
  /** Read size (default 4 MiB). */
  readonly chunk?: number
  /** Hash only bytes [start, end) of the file (default: all of it). */
  readonly start?: number
  readonly end?: number
  /** The padded piece size to zero-fill to (default: the smallest that holds the bytes). */
  readonly paddedSize?: number
}

/** Streams the file through a CommPHasher. Memory stays at about two chunks. */
export async function commPFileHere(path: string, opts: CommPFileOptions = {}): Promise<CommPResult> {
  const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InvalidError(`commP: cannot open ${path}: ${err.message}`)
  })
  try {
    const stat = await file.stat()
    const start = opts.start ?? 0
    const end = Math.min(opts.end ?? stat.size, stat.size)
    if (!Number.isSafeInteger(start) || start < 0 || start > end)
      throw new InvalidError(`commP: range [${start}, ${end}) is not inside ${path} (${stat.size} bytes)`)
    const size = end - start
    const hasher = new CommPHasher({ kernel: opts.kernel })
    const buf = new Uint8Array(opts.chunk ?? 4 << 20)
    let done = 0
    while (done < size) {
      opts.signal?.throwIfAborted()
      const want = Math.min(buf.length, size - done)
      const { bytesRead } = await file.read(buf, 0, want, start + done)
      if (bytesRead === 0) break
      hasher.update(buf.subarray(0, bytesRead))
      done += bytesRead
      opts.onProgress?.(done, size)
    }
    return hasher.digest(opts.paddedSize)
  } finally {
    await file.close()
  }
}
