/**
 * Winning PoSt (filecoin-proofs `winning_post.rs`): the challenged sector is picked from the eligible set
 * by the randomness and the prover id (WINNING_POST_SECTOR_COUNT = 1), then 66 TreeR leaves of it are
 * opened (challenge n uses index n).
 */
import { InvalidError } from '../../util/errors.ts'
import { checkSingleTree } from '../pc2/tree-shape.ts'
import { WINNING_POST_SECTOR_COUNT } from '../registered-proof.ts'
import { checkFr32, sectorChallenges } from './challenges.ts'
import { decodePoStProof, encodePoStProof } from './codec.ts'
import { POST_PROOF_VERSION, type PoStProofInfo, postProof } from './proof-types.ts'
import { proveSector, type SectorPublic, type SectorToProve, verifySector } from './sector.ts'

function winningInfo(id: number): PoStProofInfo {
  const info = postProof(id)
  if (info.kind !== 'winning') throw new InvalidError(`PoSt proof ${id} is not a Winning PoSt proof`)
  checkSingleTree(info.sectorSize, `Winning PoSt proof ${id}`)
  return info
}

function checkProver(proverId: Uint8Array): void {
  if (proverId.length !== 32) throw new InvalidError(`Winning PoSt: prover id is ${proverId.length} bytes, want 32`)
}

/** Indices into the eligible sector list of the sectors to prove (`generate_winning_post_sector_challenge`). */
export function winningPoStSectorChallenge(
  postProofId: number,
  randomness: Uint8Array,
  proverId: Uint8Array,
  eligibleCount: number,
): number[] {
  winningInfo(postProofId)
  checkFr32(randomness, 'Winning PoSt randomness')
  checkProver(proverId)
  return sectorChallenges(randomness, proverId, WINNING_POST_SECTOR_COUNT, eligibleCount)
}

export interface WinningPoStInput {
  readonly postProof: number
  readonly randomness: Uint8Array
  readonly proverId: Uint8Array
  /** The challenged sectors (from winningPoStSectorChallenge), in order. */
  readonly sectors: readonly SectorToProve[]
}

/** Proves the challenged sectors; a faulty one throws FaultySectorError (a block cannot skip its sector). */
export function generateWinningPoSt(input: WinningPoStInput, opts: { signal?: AbortSignal } = {}): Uint8Array {
  const info = winningInfo(input.postProof)
  checkFr32(input.randomness, 'Winning PoSt randomness')
  checkProver(input.proverId)
  if (input.sectors.length !== WINNING_POST_SECTOR_COUNT)
    throw new InvalidError(`Winning PoSt: ${input.sectors.length} sectors, want ${WINNING_POST_SECTOR_COUNT}`)
  const sectors = input.sectors.map((s) => {
    opts.signal?.throwIfAborted()
    return proveSector(info, s, input.randomness, 0)
  })
  return encodePoStProof({ version: POST_PROOF_VERSION, postProof: input.postProof, sectors })
}

export interface VerifyWinningPoStInput {
  readonly postProof: number
  readonly randomness: Uint8Array
  readonly proverId: Uint8Array
  readonly sectors: readonly SectorPublic[]
  readonly proof: Uint8Array
}

/** Whether the proof opens the 66 challenged leaves of the challenged sector. DecodeError for malformed bytes. */
export function verifyWinningPoSt(input: VerifyWinningPoStInput): boolean {
  const info = winningInfo(input.postProof)
  checkFr32(input.randomness, 'Winning PoSt randomness')
  checkProver(input.proverId)
  const p = decodePoStProof(input.proof)
  if (p.postProof !== input.postProof || p.sectors.length !== input.sectors.length) return false
  if (p.sectors.length !== WINNING_POST_SECTOR_COUNT) return false
  return p.sectors.every((sp, i) => verifySector(info, input.sectors[i]!, sp, input.randomness, 0))
}
