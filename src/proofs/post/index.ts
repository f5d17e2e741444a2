/**
 * Window PoSt and Winning PoSt without a SNARK: challenge derivation as rust-fil-proofs does it, proofs of
 * TreeR inclusion against CommRLast (with CommC to recompute CommR), their versioned CBOR encoding, and
 * verification.
 */
export * from './challenges.ts'
export * from './codec.ts'
export * from './proof-types.ts'
export * from './sector.ts'
export * from './verifier.ts'
export * from './window.ts'
export * from './winning.ts'
