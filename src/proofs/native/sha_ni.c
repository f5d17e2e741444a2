/*
 * SHA-256 of 64-byte tree nodes with the x86 SHA extensions, used when the CPU has them (checked at run
 * time with CPUID). A node is two compressions: the 64-byte message, then the constant padding block, whose
 * message schedule plus round constants (W+K) is precomputed, so that block needs no schedule work. Two
 * nodes are hashed interleaved, which keeps the SHA unit busy while each chain waits on its latency.
 * Elsewhere hash_node falls back to OpenSSL (kernels.c).
 */
#include "kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/* W+K of the padding block after a 64-byte message (0x80, zeros, length 512 bits). */
static uint32_t PAD_WK[64];
static int have_sha = -1;

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void init_pad(void) {
  uint32_t w[64] = {0x80000000};
  w[15] = 512;
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  for (int i = 0; i < 64; i++) PAD_WK[i] = w[i] + K[i];
}

int sha_ni_available(void) {
  if (have_sha < 0) {
    unsigned a, b, c, d;
    have_sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)) ? 1 : 0;
    if (have_sha) init_pad();
  }
  return have_sha;
}

#define TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds on two interleaved chains (suffix a, b), with message+constant vectors Ma, Mb. */
#define ROUNDS4(Ma, Mb)                                                                                              \
  do {                                                                                                               \
    __m128i ta = (Ma), tb = (Mb);                                                                                    \
    s1a = _mm_sha256rnds2_epu32(s1a, s0a, ta);                                                                       \
    s1b = _mm_sha256rnds2_epu32(s1b, s0b, tb);                                                                       \
    ta = _mm_shuffle_epi32(ta, 0x0E);                                                                                \
    tb = _mm_shuffle_epi32(tb, 0x0E);                                                                                \
    s0a = _mm_sha256rnds2_epu32(s0a, s1a, ta);                                                                       \
    s0b = _mm_sha256rnds2_epu32(s0b, s1b, tb);                                                                       \
  } while (0)

TARGET static __m128i next_w(__m128i w0, __m128i w1, __m128i w2, __m128i w3) {
  __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4));
  return _mm_sha256msg2_epu32(t, w3);
}

TARGET static void store_trunc254(__m128i s0, __m128i s1, uint8_t *out) {
  /* ABEF/CDGH back to A..H, then big-endian bytes */
  __m128i tmp = _mm_shuffle_epi32(s0, 0x1B);
  s1 = _mm_shuffle_epi32(s1, 0xB1);
  __m128i lo = _mm_blend_epi16(tmp, s1, 0xF0);
  __m128i hi = _mm_alignr_epi8(s1, tmp, 8);
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  _mm_storeu_si128((__m128i *)out, _mm_shuffle_epi8(lo, bswap));
  _mm_storeu_si128((__m128i *)(out + 16), _mm_shuffle_epi8(hi, bswap));
  out[31] &= 0x3f;
}

/* sha256-trunc254 of two 64-byte nodes (src a and b) into dst a and b. Outputs may overlap inputs. */
TARGET void sha_ni_nodes2(const uint8_t *a, const uint8_t *b, uint8_t *da, uint8_t *db) {
  const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)IV), 0xB1);
  __m128i st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(IV + 4)), 0x1B);
  const __m128i init0 = _mm_alignr_epi8(tmp, st1, 8);
  const __m128i init1 = _mm_blend_epi16(st1, tmp, 0xF0);
  __m128i s0a = init0, s1a = init1, s0b = init0, s1b = init1;

  __m128i wa[4], wb[4];
  for (int i = 0; i < 4; i++) {
    wa[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(a + 16 * i)), mask);
    wb[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b + 16 * i)), mask);
  }
  for (int g = 0; g < 16; g++) {
    __m128i k = _mm_loadu_si128((const __m128i *)(K + 4 * g));
    __m128i xa = wa[g & 3], xb = wb[g & 3];
    ROUNDS4(_mm_add_epi32(xa, k), _mm_add_epi32(xb, k));
    if (g < 12) {
      wa[g & 3] = next_w(wa[g & 3], wa[(g + 1) & 3], wa[(g + 2) & 3], wa[(g + 3) & 3]);
      wb[g & 3] = next_w(wb[g & 3], wb[(g + 1) & 3], wb[(g + 2) & 3], wb[(g + 3) & 3]);
    }
  }
  s0a = _mm_add_epi32(s0a, init0);
  s1a = _mm_add_epi32(s1a, init1);
  s0b = _mm_add_epi32(s0b, init0);
  s1b = _mm_add_epi32(s1b, init1);
  const __m128i m0a = s0a, m1a = s1a, m0b = s0b, m1b = s1b;
  for (int g = 0; g < 16; g++) {
    __m128i wk = _mm_loadu_si128((const __m128i *)(PAD_WK + 4 * g));
    ROUNDS4(wk, wk);
  }
  store_trunc254(_mm_add_epi32(s0a, m0a), _mm_add_epi32(s1a, m1a), da);
  store_trunc254(_mm_add_epi32(s0b, m0b), _mm_add_epi32(s1b, m1b), db);
}

#else
int sha_ni_available(void) { return 0; }
void sha_ni_nodes2(const uint8_t *a, const uint8_t *b, uint8_t *da, uint8_t *db) {
  (void)a, (void)b, (void)da, (void)db;
}
#endif
