/**
 * verifySeal in the shape of Lotus's ProofVerifier.VerifySeal (proof.SealVerifyInfo): the sector as
 * (miner actor id, number), ticket and seed, the sealed and unsealed CIDs, and the proof bytes (C2).
 */
import type { CID } from 'multiformats/cid'
import { cidToCommitment, FIL_COMMITMENT_SEALED, FIL_COMMITMENT_UNSEALED } from '../piece-cid.ts'
import { proverId } from '../sdr/replica-id.ts'
import { verifySeal } from './verify.ts'

/** proof.SealVerifyInfo. */
export interface SealVerifyInfo {
  readonly sealProof: number
  readonly miner: bigint | number
  readonly sectorNumber: bigint | number
  /** The ticket (SealRandomness). */
  readonly randomness: Uint8Array
  /** The seed (InteractiveSealRandomness). */
  readonly interactiveRandomness: Uint8Array
  readonly proof: Uint8Array
  readonly sealedCid: CID
  readonly unsealedCid: CID
}

/** Whether the proof seals `unsealedCid` into `sealedCid` for this sector; DecodeError for bad bytes or CIDs. */
export function verifySealInfo(info: SealVerifyInfo): boolean {
  return verifySeal({
    proof: info.sealProof,
    commR: cidToCommitment(info.sealedCid, FIL_COMMITMENT_SEALED),
    commD: cidToCommitment(info.unsealedCid, FIL_COMMITMENT_UNSEALED),
    proverId: proverId(info.miner),
    sectorNumber: info.sectorNumber,
    ticket: info.randomness,
    seed: info.interactiveRandomness,
    sealProof: info.proof,
  })
}
