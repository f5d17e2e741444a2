/**
 * BLAKE2b-512 of a 16-byte message, the Feistel round function's hash (rust-fil-proofs `crypto/feistel.rs`).
 * A single compression with 64-bit words held as (lo, hi) 32-bit pairs; returns bytes 4..7 of the digest
 * read big-endian, which are the low 32 bits of the digest's first 8 bytes read as a big-endian u64.
 */

const IV = Uint32Array.from([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1,
  0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
])
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
].map((r) => Uint8Array.from(r))

const v = new Int32Array(32)
const m = new Int32Array(32)

const TWO32 = 0x100000000

/** The BLAKE2b mixing function on state words a, b, c, d (as lo/hi pairs) with message words x, y. */
function g(a: number, b: number, c: number, d: number, x: number, y: number): void {
  let al = v[2 * a]!
  let ah = v[2 * a + 1]!
  let bl = v[2 * b]!
  let bh = v[2 * b + 1]!
  let cl = v[2 * c]!
  let ch = v[2 * c + 1]!
  let dl = v[2 * d]!
  let dh = v[2 * d + 1]!
  // a = a + b + m[x]
  let l = (al >>> 0) + (bl >>> 0) + (m[2 * x]! >>> 0)
  ah = (ah + bh + m[2 * x + 1]! + Math.floor(l / TWO32)) | 0
  al = l | 0
  // d = rotr64(d ^ a, 32)
  let tl = dl ^ al
  dl = dh ^ ah
  dh = tl
  // c = c + d
  l = (cl >>> 0) + (dl >>> 0)
  ch = (ch + dh + (l >= TWO32 ? 1 : 0)) | 0
  cl = l | 0
  // b = rotr64(b ^ c, 24)
  tl = bl ^ cl
  let th = bh ^ ch
  bl = (tl >>> 24) | (th << 8)
  bh = (th >>> 24) | (tl << 8)
  // a = a + b + m[y]
  l = (al >>> 0) + (bl >>> 0) + (m[2 * y]! >>> 0)
  ah = (ah + bh + m[2 * y + 1]! + Math.floor(l / TWO32)) | 0
  al = l | 0
  // d = rotr64(d ^ a, 16)
  tl = dl ^ al
  th = dh ^ ah
  dl = (tl >>> 16) | (th << 16)
  dh = (th >>> 16) | (tl << 16)
  // c = c + d
  l = (cl >>> 0) + (dl >>> 0)
  ch = (ch + dh + (l >= TWO32 ? 1 : 0)) | 0
  cl = l | 0
  // b = rotr64(b ^ c, 63)
  tl = bl ^ cl
  th = bh ^ ch
  bl = (tl << 1) | (th >>> 31)
  bh = (th << 1) | (tl >>> 31)
  v[2 * a] = al
  v[2 * a + 1] = ah
  v[2 * b] = bl
  v[2 * b + 1] = bh
  v[2 * c] = cl
  v[2 * c + 1] = ch
  v[2 * d] = dl
  v[2 * d + 1] = dh
}

function bswap(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)
}

/**
 * BLAKE2b-512 of (a as u64 BE ‖ key as u64 BE), where `a` < 2^32 and the key is given as its (hi, lo) u32
 * halves. Returns the low 32 bits of the digest's first 8 bytes read as a big-endian u64.
 */
export function feistelHash(a: number, keyHi: number, keyLo: number): number {
  // Message words are little-endian u64s of the 16 message bytes.
  m.fill(0)
  m[1] = bswap(a)
  m[2] = bswap(keyHi)
  m[3] = bswap(keyLo)
  for (let i = 0; i < 16; i++) v[i] = IV[i]!
  v[0] = v[0]! ^ 0x01010040
  for (let i = 0; i < 16; i++) v[16 + i] = IV[i]!
  v[24] = v[24]! ^ 16 // t0 = 16 bytes
  v[28] = ~v[28]! // final block flag
  v[29] = ~v[29]!
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r]!
    g(0, 4, 8, 12, s[0]!, s[1]!)
    g(1, 5, 9, 13, s[2]!, s[3]!)
    g(2, 6, 10, 14, s[4]!, s[5]!)
    g(3, 7, 11, 15, s[6]!, s[7]!)
    g(0, 5, 10, 15, s[8]!, s[9]!)
    g(1, 6, 11, 12, s[10]!, s[11]!)
    g(2, 7, 8, 13, s[12]!, s[13]!)
    g(3, 4, 9, 14, s[14]!, s[15]!)
  }
  // h0 = IV0' ^ v0 ^ v8; bytes 4..7 of the digest are the high word of h0, little-endian.
  const h0hi = (IV[1]! ^ v[1]! ^ v[17]!) >>> 0
  return bswap(h0hi) >>> 0
}
