/** A block's election proof: CBOR `[WinCount, VRFProof]`, JSON `{WinCount, VRFProof}`. */
import { Bytes } from './codec.ts'
import { safeInt64 } from './ints.ts'
import { tupleCodec } from './tuple.ts'

export interface ElectionProof {
  /** int64 in Lotus; a handful in practice. */
  winCount: number
  vrfProof: Uint8Array
}

export const ElectionProofCodec = tupleCodec<ElectionProof>('ElectionProof', {
  winCount: ['WinCount', safeInt64('WinCount')],
  vrfProof: ['VRFProof', Bytes],
})
