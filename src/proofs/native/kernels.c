/*
 * Lotus-TS proofs kernels in plain C: sha256-trunc254 trees, Fr32 padding, SDR layer labeling and the
 * expander graph's Feistel parents. SHA-256 is OpenSSL's, reached through the symbols Node exports (it
 * picks SHA-NI / AVX2 code at run time). The pure TypeScript kernel in ../kernel/ts-kernel.ts is the
 * reference these must agree with; the same vectors test both. N-API glue: lotus_proofs.c.
 */
#include "kernels.h"
#include <stdint.h>
#include <string.h>

/* OpenSSL's SHA256_CTX layout (openssl/sha.h); declared here so no OpenSSL configuration header is needed. */
typedef struct {
  unsigned int h[8];
  unsigned int Nl, Nh;
  unsigned int data[16];
  unsigned int num, md_len;
} SHA256_CTX;
int SHA256_Update(SHA256_CTX *c, const void *data, size_t len);

static const unsigned int IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/* Hashes `blocks` whole 64-byte blocks (padding already in place) and writes the trunc254 digest. */
static void sha_blocks(const uint8_t *msg, size_t blocks, uint8_t *out) {
  SHA256_CTX c;
  memcpy(c.h, IV, sizeof IV);
  c.Nl = c.Nh = 0;
  c.num = 0;
  c.md_len = 32;
  SHA256_Update(&c, msg, blocks * 64);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (uint8_t)(c.h[i] >> 24);
    out[4 * i + 1] = (uint8_t)(c.h[i] >> 16);
    out[4 * i + 2] = (uint8_t)(c.h[i] >> 8);
    out[4 * i + 3] = (uint8_t)c.h[i];
  }
  out[31] &= 0x3f;
}

/* A 64-byte node followed by its padding block. */
void hash_node(const uint8_t *src, uint8_t *dst) {
  uint8_t buf[128];
  memcpy(buf, src, 64);
  memset(buf + 64, 0, 64);
  buf[64] = 0x80;
  buf[126] = 0x02; /* 512 bits, big-endian */
  sha_blocks(buf, 2, dst);
}

void tree_root(uint8_t *buf, size_t leaves) {
  int ni = sha_ni_available();
  for (size_t n = leaves; n > 1; n /= 2) {
    size_t i = 0;
    /* pairs of nodes in order: outputs 2i, 2i+1 land before inputs not yet read */
    if (ni)
      for (; i + 1 < n / 2; i += 2) sha_ni_nodes2(buf + i * 64, buf + i * 64 + 64, buf + i * 32, buf + i * 32 + 32);
    for (; i < n / 2; i++) hash_node(buf + i * 64, buf + i * 32);
  }
}

/* Fr32: 127 bytes -> four 254-bit runs in 128 bytes (see ../fr32.ts). */
void fr32_pad(const uint8_t *in, uint8_t *o, size_t quads) {
  for (size_t q = 0; q < quads; q++, in += 127, o += 128) {
    memcpy(o, in, 31);
    o[31] = in[31] & 0x3f;
    for (int j = 0; j < 32; j++) o[32 + j] = (uint8_t)((in[31 + j] >> 6) | (in[32 + j] << 2));
    o[63] &= 0x3f;
    for (int j = 0; j < 32; j++) o[64 + j] = (uint8_t)((in[63 + j] >> 4) | (in[64 + j] << 4));
    o[95] &= 0x3f;
    for (int j = 0; j < 31; j++) o[96 + j] = (uint8_t)((in[95 + j] >> 2) | (in[96 + j] << 6));
    o[127] = in[126] >> 2;
  }
}

#define LABEL_LEN (64 + 37 * 32)

void label_layer(const uint32_t *parents, const uint8_t *replica_id, uint32_t layer, uint8_t *cur,
                        const uint8_t *prev, size_t start, size_t end) {
  uint8_t msg[1280];
  memset(msg, 0, sizeof msg);
  memcpy(msg, replica_id, 32);
  msg[32] = (uint8_t)(layer >> 24);
  msg[33] = (uint8_t)(layer >> 16);
  msg[34] = (uint8_t)(layer >> 8);
  msg[35] = (uint8_t)layer;
  int count = prev ? 14 : 6;
  for (size_t v = start; v < end; v++) {
    uint64_t node = v;
    for (int i = 0; i < 8; i++) msg[36 + i] = (uint8_t)(node >> (56 - 8 * i));
    if (v == 0) {
      uint8_t first[128];
      memcpy(first, msg, 64);
      memset(first + 64, 0, 64);
      first[64] = 0x80;
      first[126] = 0x02;
      sha_blocks(first, 2, cur);
      continue;
    }
    const uint32_t *p = parents + v * 14;
    /* Parents sit at random places in 2 × N × 32 bytes: fetch the next node's while hashing this one. */
    if (v + 1 < end) {
      const uint32_t *q = p + 14;
      for (int k = 0; k < count; k++) __builtin_prefetch((k < 6 ? cur : prev) + (size_t)q[k] * 32);
    }
    for (int slot = 0; slot < 37; slot++) {
      int k = slot % count;
      const uint8_t *src = k < 6 ? cur : prev;
      memcpy(msg + 64 + slot * 32, src + (size_t)p[k] * 32, 32);
    }
    /* Padding for a 1248-byte message: 0x80, zeros, 9984 bits big-endian, in the 20th block. */
    memset(msg + LABEL_LEN, 0, 1280 - LABEL_LEN);
    msg[LABEL_LEN] = 0x80;
    msg[1278] = (uint8_t)((LABEL_LEN * 8) >> 8);
    msg[1279] = (uint8_t)(LABEL_LEN * 8);
    sha_blocks(msg, 20, cur + v * 32);
  }
}

/* BLAKE2b-512 of a 16-byte message (right as u64 BE ‖ key as u64 BE); returns the first 8 digest bytes BE. */
static const uint64_t B2IV[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                                 0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                                 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};
#define ROTR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define G(a, b, c, d, x, y)                                                                                          \
  do {                                                                                                               \
    v[a] = v[a] + v[b] + (x);                                                                                        \
    v[d] = ROTR(v[d] ^ v[a], 32);                                                                                    \
    v[c] = v[c] + v[d];                                                                                              \
    v[b] = ROTR(v[b] ^ v[c], 24);                                                                                    \
    v[a] = v[a] + v[b] + (y);                                                                                        \
    v[d] = ROTR(v[d] ^ v[a], 16);                                                                                    \
    v[c] = v[c] + v[d];                                                                                              \
    v[b] = ROTR(v[b] ^ v[c], 63);                                                                                    \
  } while (0)

static uint64_t bswap64(uint64_t x) { return __builtin_bswap64(x); }

static uint64_t feistel_hash(uint64_t right, uint64_t key) {
  uint64_t m[16] = {0};
  m[0] = bswap64(right);
  m[1] = bswap64(key);
  uint64_t v[16];
  for (int i = 0; i < 8; i++) v[i] = B2IV[i], v[8 + i] = B2IV[i];
  v[0] ^= 0x01010040ULL;
  v[12] ^= 16;
  v[14] = ~v[14];
  for (int r = 0; r < 12; r++) {
    const uint8_t *s = SIGMA[r];
    G(0, 4, 8, 12, m[s[0]], m[s[1]]);
    G(1, 5, 9, 13, m[s[2]], m[s[3]]);
    G(2, 6, 10, 14, m[s[4]], m[s[5]]);
    G(3, 7, 11, 15, m[s[6]], m[s[7]]);
    G(0, 5, 10, 15, m[s[8]], m[s[9]]);
    G(1, 6, 11, 12, m[s[10]], m[s[11]]);
    G(2, 7, 8, 13, m[s[12]], m[s[13]]);
    G(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  uint64_t h0 = B2IV[0] ^ 0x01010040ULL ^ v[0] ^ v[8];
  return bswap64(h0); /* digest bytes 0..7 are h0 little-endian; read them big-endian */
}

void expander_parents(uint32_t *out, uint64_t elements, uint32_t half_bits, const uint64_t keys[3],
                             int truncate32, size_t start, size_t end) {
  uint64_t mask = (1ULL << half_bits) - 1;
  for (size_t v = start; v < end; v++) {
    for (int i = 0; i < 8; i++) {
      uint64_t u = (uint64_t)v * 8 + i;
      do {
        uint64_t left = u >> half_bits, right = u & mask;
        for (int r = 0; r < 3; r++) {
          uint64_t next = left ^ (feistel_hash(right, keys[r]) & mask);
          left = right;
          right = next;
        }
        u = (left << half_bits) | right;
      } while (u >= elements);
      uint64_t x = truncate32 ? (uint32_t)u : u;
      out[v * 14 + 6 + i] = (uint32_t)(x / 8);
    }
  }
}

