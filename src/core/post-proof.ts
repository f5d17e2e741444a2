/**
 * A proof-of-spacetime proof (`go-state-types:proof.PoStProof`): CBOR `[PoStProof, ProofBytes]` where
 * PoStProof is the registered proof type (an int64 enum), JSON `{PoStProof, ProofBytes}`.
 */
import { Bytes } from './codec.ts'
import { safeInt64 } from './ints.ts'
import { tupleCodec } from './tuple.ts'

export interface PoStProof {
  /** `abi.RegisteredPoStProof` number (e.g. 0 = StackedDrgWinning2KiBV1). */
  postProof: number
  proofBytes: Uint8Array
}

export const PoStProofCodec = tupleCodec<PoStProof>('PoStProof', {
  postProof: ['PoStProof', safeInt64('RegisteredPoStProof')],
  proofBytes: ['ProofBytes', Bytes],
})
