/**
 * Poseidon over BLS12-381 Fr, compatible with neptune as Filecoin uses it: arities 2, 4, 8 and 11,
 * width arity + 1, x^5, 8 full rounds and neptune's partial rounds (55, 56, 57, 57), Grain constants,
 * Cauchy MDS, Merkle-tree domain tag 2^arity - 1 in state[0], output state[1].
 *
 * - `poseidonHash(arity, inputs)` and `hashMany(arity, inputBytes, outputBytes)`: the fast path. It runs
 *   neptune's optimized schedule (sparse partial rounds) on a Montgomery kernel generated as WebAssembly
 *   at load time (mont-kernel.ts): 10 × 28-bit limbs, 64-bit products, lazily reduced dot products.
 *   `hashMany` allocates nothing per hash and rejects non-canonical input bytes with NonCanonicalFrError.
 * - `poseidonHashRef(arity, inputs)`: the pure bigint reference, rounds exactly as specified.
 *   `poseidonHashOptimizedRef` runs the optimized schedule on bigints (checks the schedule's derivation).
 * - `frFast`: single field operations on the kernel, for checking it against `fr.ts`.
 *
 * Why WebAssembly: measured on the 2-core EPYC dev box, one Montgomery product costs ~390 ns as a JS bigint
 * mulmod, ~1.2 µs with 16-bit limbs in a Float64Array, ~270-450 ns with unrolled 24-bit limbs in doubles
 * (serial carry chains), and ~85-100 ns in WebAssembly (32-bit limbs CIOS, or 28-bit limbs with column
 * sums), call included. JavaScript numbers cannot hold a 64-bit product; WebAssembly's i64 can.
 */
export { hashMany, poseidonHash } from './fast.ts'
export { frFast } from './fast-field.ts'
export { checkArity, POSEIDON_ARITIES, type PoseidonArity, poseidonConstants } from './constants.ts'
export * from './fr.ts'
export { poseidonHashOptimizedRef, poseidonHashRef } from './reference.ts'
