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
}

/** Streams the file through a CommPHasher. Memory stays at about two chunks. */
export async function commPFileHere(path: string, opts: CommPFileOptions = {}): Promise<CommPResult> {
  const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InvalidError(`commP: cannot open ${path}: ${err.message}`)
  })
  try {
    const { size } = await file.stat()
    const hasher = new CommPHasher({ kernel: opts.kernel })
    const buf = new Uint8Array(opts.chunk ?? 4 << 20)
    let done = 0
    for (;;) {
      opts.signal?.throwIfAborted()
      const { bytesRead } = await file.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      hasher.update(buf.subarray(0, bytesRead))
      done += bytesRead
      opts.onProgress?.(done, size)
    }
    return hasher.digest()
  } finally {
    await file.close()
  }
}
