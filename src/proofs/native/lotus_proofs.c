/*
 * Lotus-TS proofs kernel, N-API glue (plain C, so a production install needs no C++ header package). The
 * kernels themselves are in kernels.c. Every entry point checks its buffer bounds and throws a RangeError
 * (code ERR_INVALID) instead of touching memory it does not own.
 */
#include <node_api.h>
#include <stdbool.h>
#include <string.h>

#include "kernels.h"

#define CHECK(call)                                                                                                  \
  do {                                                                                                               \
    if ((call) != napi_ok) {                                                                                         \
      napi_throw_error(env, "ERR_INVALID", "lotus_proofs: bad arguments to " __FILE__);                              \
      return NULL;                                                                                                   \
    }                                                                                                                \
  } while (0)

static int bytes_of(napi_env env, napi_value v, void **data, size_t *len) {
  napi_typedarray_type type;
  size_t length, offset;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, &length, data, &ab, &offset) != napi_ok) return 0;
  size_t width = type == napi_uint32_array ? 4 : 1;
  *len = length * width;
  return 1;
}

static double num_of(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_range_error(env, "ERR_INVALID", msg);
  return NULL;
}

/* hashNode(src, srcOff, dst, dstOff) */
static napi_value js_hash_node(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  uint8_t *src, *dst;
  size_t slen, dlen;
  if (argc < 4 || !bytes_of(env, a[0], (void **)&src, &slen) || !bytes_of(env, a[2], (void **)&dst, &dlen))
    return fail(env, "hashNode: expected (Uint8Array, offset, Uint8Array, offset)");
  double so = num_of(env, a[1]), dof = num_of(env, a[3]);
  if (so < 0 || dof < 0 || so + 64 > slen || dof + 32 > dlen) return fail(env, "hashNode: offset out of range");
  hash_node(src + (size_t)so, dst + (size_t)dof);
  return NULL;
}

/* treeRoot(buf, off, leaves) */
static napi_value js_tree_root(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value a[3];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  uint8_t *buf;
  size_t len;
  if (argc < 3 || !bytes_of(env, a[0], (void **)&buf, &len))
    return fail(env, "treeRoot: expected (Uint8Array, offset, leaves)");
  double off = num_of(env, a[1]), leaves = num_of(env, a[2]);
  if (off < 0 || leaves < 1 || off + leaves * 32 > len) return fail(env, "treeRoot: range out of bounds");
  tree_root(buf + (size_t)off, (size_t)leaves);
  return NULL;
}

/* padTreeRoot(src, srcOff, quads, scratch): fr32-pads quads*127 bytes into scratch (zero-filled to
   `leaves` 32-byte leaves, a power of two) and reduces it to its root at scratch[0..32]. */
static napi_value js_pad_tree_root(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value a[5];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  uint8_t *src, *dst;
  size_t slen, dlen;
  if (argc < 5 || !bytes_of(env, a[0], (void **)&src, &slen) || !bytes_of(env, a[3], (void **)&dst, &dlen))
    return fail(env, "padTreeRoot: expected (Uint8Array, offset, quads, Uint8Array, leaves)");
  double off = num_of(env, a[1]), quads = num_of(env, a[2]), leaves = num_of(env, a[4]);
  if (off < 0 || quads < 0 || off + quads * 127 > slen || leaves * 32 > dlen || quads * 4 > leaves)
    return fail(env, "padTreeRoot: range out of bounds");
  fr32_pad(src + (size_t)off, dst, (size_t)quads);
  memset(dst + (size_t)quads * 128, 0, (size_t)(leaves * 32 - quads * 128));
  tree_root(dst, (size_t)leaves);
  return NULL;
}

/* labelLayer(parents, replicaId, layer, current, previous|null, start, end) */
static napi_value js_label_layer(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value a[7];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  uint32_t *parents;
  uint8_t *rid, *cur, *prev = NULL;
  size_t plen, rlen, clen, prevlen = 0;
  if (argc < 7 || !bytes_of(env, a[0], (void **)&parents, &plen) || !bytes_of(env, a[1], (void **)&rid, &rlen) ||
      !bytes_of(env, a[3], (void **)&cur, &clen))
    return fail(env, "labelLayer: bad arguments");
  napi_valuetype t;
  napi_typeof(env, a[4], &t);
  if (t != napi_null && !bytes_of(env, a[4], (void **)&prev, &prevlen))
    return fail(env, "labelLayer: previous must be a Uint8Array or null");
  double layer = num_of(env, a[2]), start = num_of(env, a[5]), end = num_of(env, a[6]);
  size_t nodes = clen / 32;
  if (rlen != 32 || plen != nodes * 14 * 4 || (prev && prevlen != clen) || start < 0 || end > nodes ||
      start > end || layer < 1)
    return fail(env, "labelLayer: sizes do not match");
  label_layer(parents, rid, (uint32_t)layer, cur, prev, (size_t)start, (size_t)end);
  return NULL;
}

/* expanderParents(out, elements, halfBits, keys[6], truncate32, start, end) */
static napi_value js_expander(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value a[7];
  CHECK(napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  uint32_t *out;
  size_t olen;
  if (argc < 7 || !bytes_of(env, a[0], (void **)&out, &olen)) return fail(env, "expanderParents: bad arguments");
  uint64_t keys[3];
  for (uint32_t r = 0; r < 3; r++) {
    napi_value hi, lo;
    CHECK(napi_get_element(env, a[3], 2 * r, &hi));
    CHECK(napi_get_element(env, a[3], 2 * r + 1, &lo));
    keys[r] = ((uint64_t)num_of(env, hi) << 32) | (uint64_t)num_of(env, lo);
  }
  bool trunc = false;
  napi_get_value_bool(env, a[4], &trunc);
  double elements = num_of(env, a[1]), half = num_of(env, a[2]), start = num_of(env, a[5]), end = num_of(env, a[6]);
  if (end * 14 * 4 > olen || start < 0 || start > end || half < 1 || half > 31 || elements < 8)
    return fail(env, "expanderParents: sizes do not match");
  expander_parents(out, (uint64_t)elements, (uint32_t)half, keys, trunc, (size_t)start, (size_t)end);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"hashNode", NULL, js_hash_node, NULL, NULL, NULL, napi_default, NULL},
      {"padTreeRoot", NULL, js_pad_tree_root, NULL, NULL, NULL, napi_default, NULL},
      {"treeRoot", NULL, js_tree_root, NULL, NULL, NULL, napi_default, NULL},
      {"labelLayer", NULL, js_label_layer, NULL, NULL, NULL, napi_default, NULL},
      {"expanderParents", NULL, js_expander, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
