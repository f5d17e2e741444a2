/**
 * The WinningPoSt of a won block (Lotus `storage/wpp.go` ComputeProof over ffi GenerateWinningPoSt): the
 * challenged sector among MinerGetBaseInfo's sectors (the daemon already narrows them to the challenged one,
 * as Lotus's GetSectorsForWinningPoSt; a longer list is narrowed here the same way) with its local sealed and
 * cache files, proven on a proofs worker thread of the miner, or on a `lotus-worker run --winningpost`
 * (task WNP) when the scheduler has one; never on the miner's event loop.
 */
import type { ExtendedSectorInfo } from '../../core/mining.ts'
import type { Address } from '../../core/address.ts'
import type { PoStProof } from '../../core/post-proof.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../proofs/piece-cid.ts'
import { winningPoStAsync } from '../../proofs/porep/async.ts'
import type { SectorToProve } from '../../proofs/post/sector.ts'
import { generateWinningPoStSectorChallenge, maskRandomness } from '../../proofs/post/verifier.ts'
import { sealProof } from '../../proofs/registered-proof.ts'
import { proverId } from '../../proofs/sdr/replica-id.ts'
import type { ProofsWorkerPool } from '../../proofs/worker/pool.ts'
import { DecodeError, InvalidError } from '../../util/errors.ts'
import { fromHex } from '../../util/bytes.ts'
import { wdpArgs } from '../proving/compute.ts'
import type { Scheduler } from '../sched/scheduler.ts'
import type { SectorFilesProvider } from './deps.ts'

export interface WinningPoStRequest {
  readonly miner: Address
  /** MinerGetBaseInfo's Sectors. */
  readonly sectors: readonly ExtendedSectorInfo[]
  /** Draw(rbase, WinningPoStChallengeSeed, round, CBOR(miner)), unmasked. */
  readonly randomness: Uint8Array
}

/** What a prover needs: the proof types, the masked randomness and the challenged sectors with their files. */
export interface WinningPoStJob {
  readonly minerId: bigint
  readonly postProof: number
  readonly sealProof: number
  /** 32 bytes, masked (byte 31 &= 0x3f). */
  readonly randomness: Uint8Array
  readonly sectors: readonly SectorToProve[]
}

/** Computes the proof bytes of a job; FaultySectorError when a sector's files are missing or corrupt. */
export type ComputeWinningPoSt = (job: WinningPoStJob, signal?: AbortSignal) => Promise<Uint8Array>

/** The sectors a WinningPoSt must prove, picked from the eligible list as the verifier will. */
export function challengedSectors(req: WinningPoStRequest): ExtendedSectorInfo[] {
  if (req.sectors.length === 0) throw new InvalidError(`miner ${req.miner} has no sectors to prove a WinningPoSt over`)
  const postProof = sealProof(Number(req.sectors[0]!.sealProof)).winningPoSt
  const picks = generateWinningPoStSectorChallenge(postProof, req.miner.id, req.randomness, req.sectors.length)
  return picks.map((i) => req.sectors[i]!)
}

/** The job for a request: the challenged sectors and where their files are. */
export async function winningPoStJob(files: SectorFilesProvider, req: WinningPoStRequest): Promise<WinningPoStJob> {
  const sectors = challengedSectors(req)
  const seal = Number(sectors[0]!.sealProof)
  return {
    minerId: req.miner.id,
    postProof: sealProof(seal).winningPoSt,
    sealProof: seal,
    randomness: maskRandomness(req.randomness),
    sectors: await Promise.all(
      sectors.map(async (s) => {
        const f = await files(s.sectorNumber)
        return {
          sectorNumber: s.sectorNumber,
          commR: cidToCommitment(s.sealedCid, FIL_COMMITMENT_SEALED),
          sealedPath: f.sealed,
          cacheDir: f.cache,
        }
      }),
    ),
  }
}

/** The miner's own prover: a proofs worker thread (of `pool` when given). */
export const localWinningPoSt =
  (pool?: ProofsWorkerPool): ComputeWinningPoSt =>
  (job, signal) =>
    winningPoStAsync(
      { postProof: job.postProof, randomness: job.randomness, proverId: proverId(job.minerId), sectors: job.sectors },
      { pool, signal },
    )

/** On a WNP worker when the scheduler has one enabled, else `fallback`. The call is named by the sector proven. */
export function schedulerWinningPoSt(sched: Scheduler, fallback: ComputeWinningPoSt): ComputeWinningPoSt {
  return async (job, signal) => {
    if (!sched.workers().some((w) => w.enabled && w.tasks.has('WNP'))) return fallback(job, signal)
    const first = job.sectors[0]!
    const sector = { miner: Number(job.minerId), number: Number(first.sectorNumber), proof: job.sealProof }
    const out = (await sched.schedule(sector, 'WNP', wdpArgs(job))) as { proof?: unknown }
    if (typeof out?.proof !== 'string') throw new DecodeError('WNP result: expected {proof}')
    return fromHex(out.proof)
  }
}

/** Builds the job and proves it: the block's WinningPoSt proofs. */
export async function computeWinningPoSt(
  deps: { sectorFiles: SectorFilesProvider; compute: ComputeWinningPoSt },
  req: WinningPoStRequest,
  signal?: AbortSignal,
): Promise<PoStProof[]> {
  const job = await winningPoStJob(deps.sectorFiles, req)
  return [{ postProof: job.postProof, proofBytes: await deps.compute(job, signal) }]
}
