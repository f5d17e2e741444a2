/**
 * The WinningPoSt of a won block (Lotus `storage/wpp.go` ComputeProof over ffi GenerateWinningPoSt): the
 * challenged sector among MinerGetBaseInfo's sectors (the daemon already narrows them to the challenged one,
 * as Lotus's GetSectorsForWinningPoSt; a longer list is narrowed here the same way), proven over its local
 * sealed and cache files on a proofs worker thread, never on the miner's event loop.
 */
import type { ExtendedSectorInfo } from '../../api/full/mining.ts'
import type { Address } from '../../core/address.ts'
import type { PoStProof } from '../../core/post-proof.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../proofs/piece-cid.ts'
import { winningPoStAsync } from '../../proofs/porep/async.ts'
import { generateWinningPoStSectorChallenge, maskRandomness } from '../../proofs/post/verifier.ts'
import { sealProof } from '../../proofs/registered-proof.ts'
import { proverId } from '../../proofs/sdr/replica-id.ts'
import type { ProofsWorkerPool } from '../../proofs/worker/pool.ts'
import { InvalidError } from '../../util/errors.ts'
import type { SectorFilesProvider } from './deps.ts'

export interface WinningPoStDeps {
  readonly sectorFiles: SectorFilesProvider
  /** Threads to prove on; without one each proof starts its own thread. */
  readonly pool?: ProofsWorkerPool
}

export interface WinningPoStRequest {
  readonly miner: Address
  /** MinerGetBaseInfo's Sectors. */
  readonly sectors: readonly ExtendedSectorInfo[]
  /** Draw(rbase, WinningPoStChallengeSeed, round, CBOR(miner)), unmasked. */
  readonly randomness: Uint8Array
}

/** The sectors a WinningPoSt must prove, picked from the eligible list as the verifier will. */
export function challengedSectors(req: WinningPoStRequest): ExtendedSectorInfo[] {
  if (req.sectors.length === 0) throw new InvalidError(`miner ${req.miner} has no sectors to prove a WinningPoSt over`)
  const postProof = sealProof(Number(req.sectors[0]!.sealProof)).winningPoSt
  const picks = generateWinningPoStSectorChallenge(postProof, req.miner.id, req.randomness, req.sectors.length)
  return picks.map((i) => req.sectors[i]!)
}

/** Proves the challenged sector; FaultySectorError when its files are missing or corrupt. */
export async function computeWinningPoSt(
  deps: WinningPoStDeps,
  req: WinningPoStRequest,
  signal?: AbortSignal,
): Promise<PoStProof[]> {
  const sectors = challengedSectors(req)
  const postProof = sealProof(Number(sectors[0]!.sealProof)).winningPoSt
  const toProve = await Promise.all(
    sectors.map(async (s) => {
      const files = await deps.sectorFiles(s.sectorNumber)
      return {
        sectorNumber: s.sectorNumber,
        commR: cidToCommitment(s.sealedCid, FIL_COMMITMENT_SEALED),
        sealedPath: files.sealed,
        cacheDir: files.cache,
      }
    }),
  )
  const proofBytes = await winningPoStAsync(
    { postProof, randomness: maskRandomness(req.randomness), proverId: proverId(req.miner.id), sectors: toProve },
    { pool: deps.pool, signal },
  )
  return [{ postProof, proofBytes }]
}
