/**
 * Fr32 padding (filecoin-proofs `fr32`): every 127 input bytes (1016 bits, read little-endian bit-first)
 * become four 254-bit runs, each stored as a 32-byte little-endian value with its top two bits zero, so
 * every 32-byte chunk is a valid BLS12-381 Fr element. 127 bytes in, 128 bytes out.
 */
import { InvalidError } from '../util/errors.ts'

export const FR32_IN = 127
export const FR32_OUT = 128

/** Pads `quads` blocks of 127 bytes from `src[srcOff..]` into 128-byte blocks at `dst[dstOff..]`. */
export function fr32PadInto(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, quads: number): void {
  for (let q = 0; q < quads; q++) {
    const i = srcOff + q * FR32_IN
    const o = dstOff + q * FR32_OUT
    for (let j = 0; j < 31; j++) dst[o + j] = src[i + j]!
    dst[o + 31] = src[i + 31]! & 0x3f
    for (let j = 0; j < 32; j++) dst[o + 32 + j] = (src[i + 31 + j]! >>> 6) | (src[i + 32 + j]! << 2)
    dst[o + 63] = dst[o + 63]! & 0x3f
    for (let j = 0; j < 32; j++) dst[o + 64 + j] = (src[i + 63 + j]! >>> 4) | (src[i + 64 + j]! << 4)
    dst[o + 95] = dst[o + 95]! & 0x3f
    for (let j = 0; j < 31; j++) dst[o + 96 + j] = (src[i + 95 + j]! >>> 2) | (src[i + 96 + j]! << 6)
    dst[o + 127] = src[i + 126]! >>> 2
  }
}

/** Unpads `quads` 128-byte blocks from `src[srcOff..]` into 127-byte blocks at `dst[dstOff..]`. */
export function fr32UnpadInto(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, quads: number): void {
  for (let q = 0; q < quads; q++) {
    const s = srcOff + q * FR32_OUT
    const d = dstOff + q * FR32_IN
    for (let j = 0; j < 31; j++) dst[d + j] = src[s + j]!
    dst[d + 31] = (src[s + 31]! & 0x3f) | (src[s + 32]! << 6)
    for (let j = 0; j < 31; j++) dst[d + 32 + j] = (src[s + 32 + j]! >>> 2) | (src[s + 33 + j]! << 6)
    dst[d + 63] = ((src[s + 63]! >>> 2) & 0x0f) | (src[s + 64]! << 4)
    for (let j = 0; j < 31; j++) dst[d + 64 + j] = (src[s + 64 + j]! >>> 4) | (src[s + 65 + j]! << 4)
    dst[d + 95] = ((src[s + 95]! >>> 4) & 0x03) | (src[s + 96]! << 2)
    for (let j = 0; j < 31; j++) dst[d + 96 + j] = (src[s + 96 + j]! >>> 6) | ((src[s + 97 + j]! & 0x3f) << 2)
  }
}

/** Pads a whole buffer whose length is a multiple of 127. */
export function fr32Pad(data: Uint8Array): Uint8Array {
  if (data.length % FR32_IN !== 0) throw new InvalidError(`fr32 pad: ${data.length} bytes is not a multiple of 127`)
  const quads = data.length / FR32_IN
  const out = new Uint8Array(quads * FR32_OUT)
  fr32PadInto(data, 0, out, 0, quads)
  return out
}

/** Unpads a whole buffer whose length is a multiple of 128. */
export function fr32Unpad(padded: Uint8Array): Uint8Array {
  if (padded.length % FR32_OUT !== 0)
    throw new InvalidError(`fr32 unpad: ${padded.length} bytes is not a multiple of 128`)
  const quads = padded.length / FR32_OUT
  const out = new Uint8Array(quads * FR32_IN)
  fr32UnpadInto(padded, 0, out, 0, quads)
  return out
}

/**
 * Streaming padder: feed any chunks, get padded bytes for every complete 127-byte block; `end()` zero-fills
 * the last partial block (if any) and returns its 128 padded bytes.
 */
export class Fr32Padder {
  private readonly carry = new Uint8Array(FR32_IN)
  private carried = 0

  /** Pads as much of `chunk` (with earlier leftovers) as makes whole blocks. */
  push(chunk: Uint8Array): Uint8Array {
    const total = this.carried + chunk.length
    const quads = Math.floor(total / FR32_IN)
    const out = new Uint8Array(quads * FR32_OUT)
    let used = 0
    let q = 0
    if (this.carried > 0 && quads > 0) {
      used = FR32_IN - this.carried
      this.carry.set(chunk.subarray(0, used), this.carried)
      fr32PadInto(this.carry, 0, out, 0, 1)
      this.carried = 0
      q = 1
    }
    const whole = quads - q
    fr32PadInto(chunk, used, out, q * FR32_OUT, whole)
    used += whole * FR32_IN
    this.carry.set(chunk.subarray(used), this.carried)
    this.carried += chunk.length - used
    return out
  }

  /** Flushes a zero-filled final block, or nothing if the input was a multiple of 127. */
  end(): Uint8Array {
    if (this.carried === 0) return new Uint8Array(0)
    this.carry.fill(0, this.carried)
    this.carried = 0
    return fr32Pad(this.carry)
  }
}
