/**
 * ChaCha8 as rand_chacha 0.3's `ChaCha8Rng::from_seed` uses it: the 32-byte seed is the key, the 64-bit
 * block counter starts at 0, the stream id is 0. Outputs are the 16 words of each block in order; a u64 is
 * two consecutive u32 outputs, low word first.
 */
const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]

function quarter(x: Uint32Array, a: number, b: number, c: number, d: number): void {
  let va = x[a]!
  let vb = x[b]!
  let vc = x[c]!
  let vd = x[d]!
  va = (va + vb) | 0
  vd ^= va
  vd = (vd << 16) | (vd >>> 16)
  vc = (vc + vd) | 0
  vb ^= vc
  vb = (vb << 12) | (vb >>> 20)
  va = (va + vb) | 0
  vd ^= va
  vd = (vd << 8) | (vd >>> 24)
  vc = (vc + vd) | 0
  vb ^= vc
  vb = (vb << 7) | (vb >>> 25)
  x[a] = va
  x[b] = vb
  x[c] = vc
  x[d] = vd
}

/** A ChaCha8 random stream over one seed. */
export class ChaCha8 {
  private readonly input = new Uint32Array(16)
  private readonly block = new Uint32Array(16)
  private index = 16

  /** `seed` is 32 bytes (8 little-endian key words). */
  constructor(seed: Uint8Array) {
    this.reseed(seed)
  }

  /** Restarts the stream from a new seed (as a fresh `from_seed`). */
  reseed(seed: Uint8Array): void {
    const dv = new DataView(seed.buffer, seed.byteOffset, 32)
    this.input.set(SIGMA)
    for (let i = 0; i < 8; i++) this.input[4 + i] = dv.getUint32(4 * i, true)
    this.input.fill(0, 12)
    this.index = 16
  }

  private refill(): void {
    const x = this.block
    x.set(this.input)
    for (let i = 0; i < 4; i++) {
      quarter(x, 0, 4, 8, 12)
      quarter(x, 1, 5, 9, 13)
      quarter(x, 2, 6, 10, 14)
      quarter(x, 3, 7, 11, 15)
      quarter(x, 0, 5, 10, 15)
      quarter(x, 1, 6, 11, 12)
      quarter(x, 2, 7, 8, 13)
      quarter(x, 3, 4, 9, 14)
    }
    for (let i = 0; i < 16; i++) x[i] = (x[i]! + this.input[i]!) | 0
    const lo = (this.input[12]! + 1) >>> 0
    this.input[12] = lo
    if (lo === 0) this.input[13] = (this.input[13]! + 1) | 0
    this.index = 0
  }

  /** The next u32 output. */
  nextU32(): number {
    if (this.index >= 16) this.refill()
    return this.block[this.index++]! >>> 0
  }

  /** The next u64 output (low word first), as a bigint. */
  nextU64(): bigint {
    const lo = this.nextU32()
    const hi = this.nextU32()
    return (BigInt(hi) << 32n) | BigInt(lo)
  }
}
