/**
 * The PoSt calls in the shape Lotus's ProofVerifier and ffiwrapper give them (storage/sealer/ffiwrapper
 * `verifier_cgo.go`): sectors as (seal proof, number, sealed CID), the prover as an actor id, the randomness
 * masked (byte 31 &= 0x3f) before use, and a list of proofs (one per call that produced it, in sector order).
 * This is what block validation (Winning PoSt) and the miner actor's dispute path (Window PoSt) call.
 */
import type { CID } from 'multiformats/cid'
import { InvalidError } from '../../util/errors.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../piece-cid.ts'
import { sealProof } from '../registered-proof.ts'
import { proverId } from '../sdr/replica-id.ts'
import { decodePoStProof } from './codec.ts'
import type { SectorPublic } from './sector.ts'
import { verifyWindowPoSt } from './window.ts'
import { verifyWinningPoSt, winningPoStSectorChallenge } from './winning.ts'

/** proof.SectorInfo: a sector as the chain records it. */
export interface ChainSectorInfo {
  readonly sealProof: number
  readonly sectorNumber: bigint | number
  readonly sealedCid: CID
}

/** proof.PoStProof: a registered PoSt proof and its bytes. */
export interface PoStProofBytes {
  readonly postProof: number
  readonly proofBytes: Uint8Array
}

/** proof.WinningPoStVerifyInfo / WindowPoStVerifyInfo. */
export interface PoStVerifyInfo {
  readonly randomness: Uint8Array
  readonly proofs: readonly PoStProofBytes[]
  readonly challengedSectors: readonly ChainSectorInfo[]
  readonly prover: bigint | number
}

/** A copy with byte 31 masked, as Lotus does before every PoSt call. */
export function maskRandomness(randomness: Uint8Array): Uint8Array {
  if (randomness.length !== 32) throw new InvalidError(`PoSt randomness is ${randomness.length} bytes, want 32`)
  const r = randomness.slice()
  r[31] = r[31]! & 0x3f
  return r
}

function toPublic(s: ChainSectorInfo): SectorPublic {
  sealProof(s.sealProof)
  return { sectorNumber: s.sectorNumber, commR: cidToCommitment(s.sealedCid, FIL_COMMITMENT_SEALED) }
}

/** ffi GenerateWinningPoStSectorChallenge: indices into the eligible sectors. */
export function generateWinningPoStSectorChallenge(
  postProof: number,
  minerId: bigint | number,
  randomness: Uint8Array,
  eligibleSectorCount: number,
): number[] {
  return winningPoStSectorChallenge(postProof, maskRandomness(randomness), proverId(minerId), eligibleSectorCount)
}

/** ffi VerifyWinningPoSt: exactly one proof over the challenged sector. */
export function verifyWinningPoStInfo(info: PoStVerifyInfo): boolean {
  if (info.proofs.length !== 1) return false
  const p = info.proofs[0]!
  return verifyWinningPoSt({
    postProof: p.postProof,
    randomness: maskRandomness(info.randomness),
    proverId: proverId(info.prover),
    sectors: info.challengedSectors.map(toPublic),
    proof: p.proofBytes,
  })
}

/** ffi VerifyWindowPoSt: the proofs cover the challenged sectors in order, each its own consecutive run. */
export function verifyWindowPoStInfo(info: PoStVerifyInfo): boolean {
  const randomness = maskRandomness(info.randomness)
  const sectors = info.challengedSectors.map(toPublic)
  let at = 0
  for (const p of info.proofs) {
    const count = decodePoStProof(p.proofBytes).sectors.length
    const run = sectors.slice(at, at + count)
    if (run.length !== count) return false
    if (!verifyWindowPoSt({ postProof: p.postProof, randomness, sectors: run, proof: p.proofBytes })) return false
    at += count
  }
  return at === sectors.length && info.proofs.length > 0
}
