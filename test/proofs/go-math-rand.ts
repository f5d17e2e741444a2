/**
 * A port of Go's math/rand seeded source (the additive lagged Fibonacci generator of Mitchell and Reeds:
 * 607 words, tap 273, seeded through a Park–Miller LCG and the cooked table), enough to regenerate the
 * payloads of go-fil-commp-hashhash's testdata/random.txt: `rand.New(rand.NewSource(1337))`, then
 * `Uint32()` per 4 bytes, low byte first. State words are 63-bit values held as (hi 31 bits, lo 32 bits).
 */
import { RNG_COOKED } from './go-rand-cooked.ts'

const LEN = 607
const TAP = 273
const M = 2147483647

function seedrand(x: number): number {
  const hi = Math.trunc(x / 44488)
  const lo = x % 44488
  let r = 48271 * lo - 3399 * hi
  if (r < 0) r += M
  return r
}

export class GoRand {
  private readonly hi = new Uint32Array(LEN)
  private readonly lo = new Uint32Array(LEN)
  private tap = 0
  private feed = LEN - TAP

  constructor(seed: number) {
    let s = seed % M
    if (s < 0) s += M
    if (s === 0) s = 89482311
    let x = s
    for (let i = -20; i < LEN; i++) {
      x = seedrand(x)
      if (i >= 0) {
        let u = BigInt(x) << 40n
        x = seedrand(x)
        u ^= BigInt(x) << 20n
        x = seedrand(x)
        u ^= BigInt(x)
        u ^= RNG_COOKED[i]!
        u &= (1n << 63n) - 1n
        this.hi[i] = Number(u >> 32n)
        this.lo[i] = Number(u & 0xffffffffn)
      }
    }
  }

  /** Go's Rand.Uint32: bits 31..62 of the next Int63. */
  uint32(): number {
    if (--this.tap < 0) this.tap += LEN
    if (--this.feed < 0) this.feed += LEN
    const f = this.feed
    const t = this.tap
    const lo = this.lo[f]! + this.lo[t]!
    const hi = (this.hi[f]! + this.hi[t]! + (lo > 0xffffffff ? 1 : 0)) & 0x7fffffff
    this.hi[f] = hi
    this.lo[f] = lo >>> 0
    return ((hi << 1) | ((lo >>> 0) >>> 31)) >>> 0
  }

  /** Fills `buf` with Uint32 outputs, low byte first (a trailing partial word drops its high bytes). */
  fill(buf: Uint8Array): void {
    const words = buf.length >>> 2
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    for (let i = 0; i < words; i++) view.setUint32(4 * i, this.uint32(), true)
    const rest = buf.length - 4 * words
    if (rest > 0) {
      let n = this.uint32()
      for (let j = 0; j < rest; j++) {
        buf[4 * words + j] = n & 0xff
        n >>>= 8
      }
    }
  }
}

/** Streams `size` bytes of go-random data (seed 1337 by default) in chunks of up to `chunk` bytes. */
export function* goRandomChunks(size: number, chunk = 4 << 20, seed = 1337): Generator<Uint8Array> {
  const rand = new GoRand(seed)
  const buf = new Uint8Array(chunk)
  for (let left = size; left > 0; ) {
    const n = Math.min(left, chunk)
    const view = buf.subarray(0, n)
    rand.fill(view)
    left -= n
    yield view
  }
}
