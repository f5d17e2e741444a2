/* Lotus-TS proofs kernels (kernels.c), called by the N-API glue in lotus_proofs.c. */
#ifndef LOTUS_PROOFS_KERNELS_H
#define LOTUS_PROOFS_KERNELS_H
#include <stddef.h>
#include <stdint.h>

/* sha256-trunc254 of the 64 bytes at src, written to dst (may overlap src). */
void hash_node(const uint8_t *src, uint8_t *dst);
/* Reduces `leaves` 32-byte leaves (a power of two) in place to their root at buf[0..32]. */
void tree_root(uint8_t *buf, size_t leaves);
/* Fr32-pads quads × 127 bytes into quads × 128 bytes. */
void fr32_pad(const uint8_t *in, uint8_t *out, size_t quads);
/* Labels nodes [start, end) of one SDR layer; prev is NULL for layer 1. */
void label_layer(const uint32_t *parents, const uint8_t *replica_id, uint32_t layer, uint8_t *cur,
                 const uint8_t *prev, size_t start, size_t end);
/* Expander (Feistel) parents of nodes [start, end) into slots 6..13 of the N × 14 cache. */
void expander_parents(uint32_t *out, uint64_t elements, uint32_t half_bits, const uint64_t keys[3], int truncate32,
                      size_t start, size_t end);

/* 1 when the CPU has the x86 SHA extensions (sha_ni.c), else 0. */
int sha_ni_available(void);
/* sha256-trunc254 of two 64-byte nodes at a and b into da and db (SHA-NI only). */
void sha_ni_nodes2(const uint8_t *a, const uint8_t *b, uint8_t *da, uint8_t *db);

#endif
