/**
 * Registered PoSt proofs as data (go-state-types `abi.RegisteredPoStProof`, rust-fil-proofs-api
 * `registry.rs`) and the vanilla PoSt proof Lotus-TS keeps in place of the SNARK: per sector, CommC,
 * CommRLast and one TreeR inclusion path per challenge (rust-fil-proofs fallback `SectorProof`).
 */
import { InvalidError } from '../../util/errors.ts'
import { SECTOR_SIZES, WINDOW_POST_CHALLENGE_COUNT, WINNING_POST_CHALLENGE_COUNT } from '../registered-proof.ts'

export type PoStKind = 'winning' | 'window'

export interface PoStProofInfo {
  readonly id: number
  readonly kind: PoStKind
  readonly sectorSize: number
  readonly nodes: number
  /** Leaf challenges per sector. */
  readonly challenges: number
  /** API 1.0/1.1 index challenges by sector position; 1.2 does not. */
  readonly indexBySector: boolean
}

/** 0..4 Winning V1, 5..9 Window V1 (API 1.0), 10..14 Window V1_1 (API 1.2), per sector size 2KiB..64GiB. */
export function postProof(id: number): PoStProofInfo {
  if (!Number.isInteger(id) || id < 0 || id > 14)
    throw new InvalidError(`registered PoSt proof ${id} is unknown (known: 0..14)`)
  const sectorSize = SECTOR_SIZES[id % 5]!
  const kind: PoStKind = id < 5 ? 'winning' : 'window'
  return {
    id,
    kind,
    sectorSize,
    nodes: sectorSize / 32,
    challenges: kind === 'winning' ? WINNING_POST_CHALLENGE_COUNT : WINDOW_POST_CHALLENGE_COUNT,
    indexBySector: id >= 5 && id < 10,
  }
}

/** The current encoding version of a PoSt proof. */
export const POST_PROOF_VERSION = 1

export interface LeafOpening {
  readonly leaf: Uint8Array
  readonly path: Uint8Array
}

export interface SectorPoStProof {
  readonly sectorNumber: bigint
  readonly commC: Uint8Array
  readonly commRLast: Uint8Array
  readonly openings: readonly LeafOpening[]
}

export interface PoStProof {
  readonly version: number
  readonly postProof: number
  readonly sectors: readonly SectorPoStProof[]
}
