/**
 * Pure TypeScript SHA-256, shaped for the two hot loops of the proofs layer: hashing 64-byte tree nodes
 * (two compressions, the second over a constant padding block whose message schedule is precomputed) and
 * hashing SDR label messages (a fixed 1248-byte message). Both outputs are "sha256-trunc254": the digest
 * with the two top bits of byte 31 cleared. This is the reference kernel; the native addon must agree.
 */

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])
const IV = Uint32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
])

/** Expands words 16..63 of a message schedule whose first 16 words are filled. */
function expand(w: Uint32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!
    const b = w[i - 2]!
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
  }
}

/** One compression of an expanded schedule `w` into `state`. */
function compress(state: Uint32Array, w: Uint32Array): void {
  let a = state[0]!
  let b = state[1]!
  let c = state[2]!
  let d = state[3]!
  let e = state[4]!
  let f = state[5]!
  let g = state[6]!
  let h = state[7]!
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  state[0] = (state[0]! + a) | 0
  state[1] = (state[1]! + b) | 0
  state[2] = (state[2]! + c) | 0
  state[3] = (state[3]! + d) | 0
  state[4] = (state[4]! + e) | 0
  state[5] = (state[5]! + f) | 0
  state[6] = (state[6]! + g) | 0
  state[7] = (state[7]! + h) | 0
}

/** The expanded schedule of the padding block that ends a message of `bits` bits on a block boundary. */
function padSchedule(bits: number): Uint32Array {
  const w = new Uint32Array(64)
  w[0] = 0x80000000
  w[15] = bits
  expand(w)
  return w
}

const PAD_64 = padSchedule(512)
const W = new Uint32Array(64)
const S = new Uint32Array(8)

function loadBlock(src: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const p = off + 4 * i
    W[i] = (src[p]! << 24) | (src[p + 1]! << 16) | (src[p + 2]! << 8) | src[p + 3]!
  }
  expand(W)
}

function storeTrunc254(dst: Uint8Array, off: number): void {
  for (let i = 0; i < 8; i++) {
    const v = S[i]!
    const p = off + 4 * i
    dst[p] = v >>> 24
    dst[p + 1] = v >>> 16
    dst[p + 2] = v >>> 8
    dst[p + 3] = v
  }
  dst[off + 31] = dst[off + 31]! & 0x3f
}

/** sha256-trunc254 of the 64 bytes at `src[srcOff..]`, written to `dst[dstOff..]` (may overlap the input). */
export function hashNodeTs(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  S.set(IV)
  loadBlock(src, srcOff)
  compress(S, W)
  compress(S, PAD_64)
  storeTrunc254(dst, dstOff)
}

/**
 * sha256-trunc254 of a message of `len` bytes at `msg[0..]`. `msg` must have room for the padding (its
 * length rounded up past len+9 to 64), which this function writes.
 */
export function hashMessageTs(msg: Uint8Array, len: number, dst: Uint8Array, dstOff: number): void {
  const blocks = Math.ceil((len + 9) / 64)
  msg.fill(0, len, blocks * 64)
  msg[len] = 0x80
  const bits = len * 8
  const end = blocks * 64
  msg[end - 4] = bits >>> 24
  msg[end - 3] = bits >>> 16
  msg[end - 2] = bits >>> 8
  msg[end - 1] = bits
  S.set(IV)
  for (let b = 0; b < blocks; b++) {
    loadBlock(msg, b * 64)
    compress(S, W)
  }
  storeTrunc254(dst, dstOff)
}
