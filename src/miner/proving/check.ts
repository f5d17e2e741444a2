/**
 * CheckProvable (Lotus storage/sealer/faults.go): whether a sector can be proven now. Its sealed file and
 * cache folder must be found in a storage path, the sealed file must have the sector's size, and a vanilla
 * WindowPoSt of the sector under fresh randomness must succeed: p_aux hashes to the chain's CommR, the TreeR
 * root matches CommRLast and every challenged leaf opens. The answer is a reason when it cannot.
 */
import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { proveSector } from '../../proofs/post/sector.ts'
import { postProof } from '../../proofs/post/proof-types.ts'
import { sealProof } from '../../proofs/registered-proof.ts'
import { errorMessage } from '../../util/errors.ts'
import type { ChainSector } from './chain-view.ts'

/** Where a sector's files are on this machine (the storage paths' index). */
export interface SectorFiles {
  readonly sealed?: string
  readonly cache?: string
}
export type FileLocator = (miner: number, sector: number) => SectorFiles

/** A sector to prove, with its files found. */
export interface LocatedSector extends ChainSector {
  readonly sealedPath: string
  readonly cacheDir: string
}

export type CheckResult = { ok: true; sector: LocatedSector } | { ok: false; reason: string }

/** Checks one sector of miner `minerId`; never throws for a sector that is merely bad. */
export function checkProvable(minerId: number, s: ChainSector, locate: FileLocator): CheckResult {
  try {
    const info = sealProof(s.sealProof)
    const { sealed, cache } = locate(minerId, s.number)
    if (!sealed) return { ok: false, reason: 'sealed file not found in any storage path' }
    if (!cache) return { ok: false, reason: 'cache folder not found in any storage path' }
    const size = statSync(sealed).size
    if (size !== info.sectorSize)
      return { ok: false, reason: `sealed file is ${size} bytes, want ${info.sectorSize} (${sealed})` }
    const post = postProof(info.windowPoStV1_1)
    const rand = randomBytes(32)
    rand[31] = rand[31]! & 0x3f
    proveSector(post, { sectorNumber: s.number, commR: s.commR, cacheDir: cache, sealedPath: sealed }, rand, 0)
    return { ok: true, sector: { ...s, sealedPath: sealed, cacheDir: cache } }
  } catch (err) {
    return { ok: false, reason: errorMessage(err) }
  }
}
