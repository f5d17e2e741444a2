/**
 * Streaming CommP (go-fil-commp-hashhash semantics) in constant memory: the payload is Fr32-padded chunk by
 * chunk, each chunk's subtree is reduced by the kernel, and the subtree roots wait on a stack of partial
 * levels. At the end the payload is treated as zero-filled to the smallest 127·2^k bytes that hold it.
 */
import type { CID } from 'multiformats/cid'
import { InvalidError } from '../util/errors.ts'
import { FR32_IN, FR32_OUT } from './fr32.ts'
import type { Kernel } from './kernel/kernel.ts'
import { kernel as defaultKernel } from './kernel/select.ts'
import { commPToCid, pieceCidV2 } from './piece-cid.ts'
import { checkPaddedSize, paddedSizeForPayload, unpaddedSize } from './piece-size.ts'
import { zeroComm } from './zero-comm.ts'

/** What a CommP computation yields. */
export interface CommPResult {
  /** The 32-byte root. */
  readonly commP: Uint8Array
  /** Piece CID v1 (`baga…`). */
  readonly pieceCid: CID
  /** Piece CID v2 (`bafkzcib…`). */
  readonly pieceCidV2: CID
  /** Padded piece size (a power of two). */
  readonly paddedSize: number
  /** Bytes of payload hashed. */
  readonly payloadSize: number
}

export interface CommPOptions {
  /** Defaults to the selected kernel (native when built). */
  readonly kernel?: Kernel
  /** Padded bytes per chunk subtree, a power of two ≥ 128 (default 1 MiB). */
  readonly chunkPadded?: number
}

/** Incremental CommP: `update` any number of times, then `digest` once. */
export class CommPHasher {
  private readonly k: Kernel
  private readonly chunkIn: number
  private readonly chunkLevel: number
  private readonly inBuf: Uint8Array
  private readonly padBuf: Uint8Array
  private readonly pair = new Uint8Array(64)
  private filled = 0
  private total = 0
  private done = false
  /** Partial subtree roots, strictly decreasing levels from bottom to top. */
  private readonly stack: { level: number; hash: Uint8Array }[] = []

  constructor(opts: CommPOptions = {}) {
    this.k = opts.kernel ?? defaultKernel()
    const chunk = opts.chunkPadded ?? 1 << 20
    if (!Number.isInteger(Math.log2(chunk)) || chunk < 128)
      throw new InvalidError(`CommP chunk of ${chunk} bytes is not a power of two ≥ 128`)
    this.chunkIn = (chunk / FR32_OUT) * FR32_IN
    this.chunkLevel = Math.log2(chunk / 32)
    this.inBuf = new Uint8Array(this.chunkIn)
    this.padBuf = new Uint8Array(chunk)
  }

  /** Bytes hashed so far. */
  get payloadSize(): number {
    return this.total
  }

  update(data: Uint8Array): this {
    if (this.done) throw new InvalidError('CommP: update after digest')
    this.total += data.length
    let off = 0
    if (this.filled > 0) {
      const take = Math.min(data.length, this.chunkIn - this.filled)
      this.inBuf.set(data.subarray(0, take), this.filled)
      this.filled += take
      off = take
      if (this.filled === this.chunkIn) {
        this.chunk(this.inBuf, 0)
        this.filled = 0
      }
    }
    while (data.length - off >= this.chunkIn) {
      this.chunk(data, off)
      off += this.chunkIn
    }
    if (off < data.length) {
      this.inBuf.set(data.subarray(off), this.filled)
      this.filled += data.length - off
    }
    return this
  }

  private chunk(src: Uint8Array, off: number): void {
    this.k.padTreeRoot(src, off, this.chunkIn / FR32_IN, this.padBuf, this.padBuf.length / 32)
    this.push(this.chunkLevel, this.padBuf.slice(0, 32))
  }

  private push(level: number, hash: Uint8Array, stack = this.stack): void {
    let h = hash
    let l = level
    for (let top = stack.at(-1); top && top.level === l; top = stack.at(-1)) {
      stack.pop()
      h = this.merge(top.hash, h)
      l += 1
    }
    stack.push({ level: l, hash: h })
  }

  private merge(left: Uint8Array, right: Uint8Array): Uint8Array {
    this.pair.set(left, 0)
    this.pair.set(right, 32)
    const out = new Uint8Array(32)
    this.k.hashNode(this.pair, 0, out, 0)
    return out
  }

  /**
   * Finishes; InvalidError if the payload is shorter than 65 bytes or too large. `paddedSize` asks for a
   * larger piece than the payload needs (the payload is zero-filled to it), as AddPiece does.
   */
  digest(paddedSize?: number): CommPResult {
    if (this.done) throw new InvalidError('CommP: digest called twice')
    this.done = true
    return this.finish(this.stack, paddedSize)
  }

  /** The CommP of the payload so far, leaving the hasher open for more. */
  snapshot(paddedSize?: number): CommPResult {
    if (this.done) throw new InvalidError('CommP: snapshot after digest')
    return this.finish([...this.stack], paddedSize)
  }

  private finish(stack: { level: number; hash: Uint8Array }[], padded?: number): CommPResult {
    const paddedSize = padded ?? paddedSizeForPayload(this.total)
    checkPaddedSize(paddedSize)
    if (this.total > unpaddedSize(paddedSize))
      throw new InvalidError(`CommP: payload of ${this.total} bytes exceeds a ${paddedSize}-byte piece`)
    const target = Math.log2(paddedSize / 32)
    if (this.filled > 0 || stack.length === 0) {
      const quads = Math.ceil(this.filled / FR32_IN)
      const tail = new Uint8Array(quads * FR32_IN)
      tail.set(this.inBuf.subarray(0, this.filled))
      let leaves = 4
      while (leaves < quads * 4) leaves *= 2
      const scratch = leaves * 32 <= this.padBuf.length ? this.padBuf : new Uint8Array(leaves * 32)
      this.k.padTreeRoot(tail, 0, quads, scratch, leaves)
      this.push(Math.log2(leaves), scratch.slice(0, 32), stack)
    }
    for (;;) {
      const top = stack.at(-1)!
      if (stack.length === 1 && top.level === target) break
      stack.pop()
      this.push(top.level + 1, this.merge(top.hash, zeroComm(top.level)), stack)
    }
    const commP = stack[0]!.hash
    return {
      commP,
      pieceCid: commPToCid(commP),
      pieceCidV2: pieceCidV2(commP, paddedSize, this.total),
      paddedSize,
      payloadSize: this.total,
    }
  }
}

/** CommP of a whole in-memory payload. */
export function commP(data: Uint8Array, opts: CommPOptions = {}): CommPResult {
  return new CommPHasher(opts).update(data).digest()
}
