/**
 * Proving and checking one sector's part of a PoSt: the challenged leaves' TreeR paths, CommC and
 * CommRLast from `p_aux`. The prover checks its own openings (as rust-fil-proofs does before accepting a
 * sector) so a corrupt replica or cache is reported as a faulty sector, not as a bad proof.
 */
import { readFileSync } from 'node:fs'
import { LotusError } from '../../util/errors.ts'
import { cachePath, decodePAux, P_AUX_FILE } from '../pc2/cache-files.ts'
import { verifyPath } from '../pc2/merkle-path.ts'
import { hashPair } from '../pc2/poseidon-tree.ts'
import { openTreeR } from '../pc2/tree-r.ts'
import { OCT_ARITY, treeRowCount } from '../pc2/tree-shape.ts'
import { leafChallenges } from './challenges.ts'
import type { PoStProofInfo, SectorPoStProof } from './proof-types.ts'

/** A sector to prove: its public commitment and where its files are. */
export interface SectorToProve {
  readonly sectorNumber: bigint | number
  readonly commR: Uint8Array
  readonly cacheDir: string
  readonly sealedPath: string
}

/** A sector as a verifier knows it. */
export interface SectorPublic {
  readonly sectorNumber: bigint | number
  readonly commR: Uint8Array
}

/** Why a sector could not be proven (missing or corrupt files). */
export class FaultySectorError extends LotusError {
  constructor(
    readonly sectorNumber: bigint,
    reason: string,
  ) {
    super('ERR_STORAGE', `sector ${sectorNumber}: ${reason}`)
    this.name = 'FaultySectorError'
  }
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Opens the challenged leaves of one sector; FaultySectorError if its files are missing or corrupt. */
export function proveSector(
  info: PoStProofInfo,
  s: SectorToProve,
  randomness: Uint8Array,
  indexBase: number,
): SectorPoStProof {
  const num = BigInt(s.sectorNumber)
  try {
    const pAux = decodePAux(readFileSync(cachePath(s.cacheDir, P_AUX_FILE)))
    if (!same(hashPair(pAux.commC, pAux.commRLast), s.commR)) throw new Error('p_aux does not hash to the sector CommR')
    const tree = openTreeR(s.cacheDir, s.sealedPath, info.nodes)
    try {
      if (!same(tree.root, pAux.commRLast)) throw new Error('TreeR root does not match p_aux CommRLast')
      const openings = leafChallenges(randomness, num, info.challenges, info.nodes, indexBase).map((c) => {
        const o = tree.prove(c)
        if (!verifyPath(OCT_ARITY, o.leaf, c, o.path, pAux.commRLast, tree.levels))
          throw new Error(`leaf ${c} does not verify against CommRLast`)
        return o
      })
      return { sectorNumber: num, commC: pAux.commC, commRLast: pAux.commRLast, openings }
    } finally {
      tree.close()
    }
  } catch (err) {
    if (err instanceof FaultySectorError) throw err
    throw new FaultySectorError(num, (err as Error).message)
  }
}

/** Whether one sector's proof holds for this randomness and public sector. */
export function verifySector(
  info: PoStProofInfo,
  s: SectorPublic,
  p: SectorPoStProof,
  randomness: Uint8Array,
  indexBase: number,
): boolean {
  if (p.sectorNumber !== BigInt(s.sectorNumber)) return false
  if (s.commR.length !== 32 || !same(hashPair(p.commC, p.commRLast), s.commR)) return false
  const levels = treeRowCount(info.nodes, OCT_ARITY) - 1
  const challenges = leafChallenges(randomness, p.sectorNumber, info.challenges, info.nodes, indexBase)
  if (p.openings.length !== challenges.length) return false
  return challenges.every((c, i) => {
    const o = p.openings[i]!
    return verifyPath(OCT_ARITY, o.leaf, c, o.path, p.commRLast, levels)
  })
}
