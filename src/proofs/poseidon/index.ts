/**
 * Poseidon over BLS12-381 Fr, compatible with neptune as Filecoin uses it (arities 2, 4, 8 and 11,
 * Merkle-tree domain tag 2^arity - 1, output state[1]).
 *
 * - `poseidonHash` / `hashMany`: the fast path (Montgomery limbs in a WebAssembly kernel, sparse rounds).
 * - `poseidonHashRef`: the pure bigint reference, rounds exactly as specified.
 */
export { hashMany, poseidonHash } from './fast.ts'
export { frFast } from './fast-field.ts'
export { checkArity, POSEIDON_ARITIES, type PoseidonArity, poseidonConstants } from './constants.ts'
export * from './fr.ts'
export { poseidonHashOptimizedRef, poseidonHashRef } from './reference.ts'
