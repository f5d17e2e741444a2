/**
 * Verifiable PoRep without a SNARK: interactive challenges, C1 (vanilla proofs), C2 (their versioned CBOR
 * encoding) and verifySeal (the vanilla checks of rust-fil-proofs).
 */
export * from './async.ts'
export * from './challenges.ts'
export * from './codec.ts'
export * from './commit1.ts'
export * from './label.ts'
export * from './types.ts'
export * from './verifier.ts'
export * from './verify.ts'

import { encodeSealProof } from './codec.ts'
import { type Commit1Input, commit1 } from './commit1.ts'

/** C2: the encoded proof of C1's output (kept as a separate step, as Lotus's pipeline has it). */
export { encodeSealProof as commit2 }

/** C1 then C2 in one call. */
export function sealCommit(input: Commit1Input, opts: { signal?: AbortSignal } = {}): Uint8Array {
  return encodeSealProof(commit1(input, opts))
}
