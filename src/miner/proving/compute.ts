/**
 * Where a WindowPoSt is computed: on a proofs worker thread of the miner (the built-in prover), or through
 * the scheduler on a `lotus-worker run --windowpost` (task WDP) when one is connected. The WDP call carries
 * the sectors' file paths, so the worker must see the same storage (as Lotus's PoSt workers need access to
 * the sector storage).
 */
import { windowPoStAsync } from '../../proofs/porep/async.ts'
import { fromHex, toHex } from '../../util/bytes.ts'
import { DecodeError } from '../../util/errors.ts'
import type { Scheduler } from '../sched/scheduler.ts'
import type { ComputeWindowPoSt, WindowPoStJob, WindowPoStOutput } from './prover.ts'

/** The built-in prover: a proofs worker thread. */
export const localWindowPoSt: ComputeWindowPoSt = (job, signal) =>
  windowPoStAsync({ postProof: job.postProof, randomness: job.randomness, sectors: job.sectors }, { signal })

/** The WDP call's arguments: JSON with bytes in hex (they cross the Worker RPC). */
export function wdpArgs(job: WindowPoStJob): Record<string, unknown> {
  return {
    postProof: job.postProof,
    randomness: toHex(job.randomness),
    sectors: job.sectors.map((s) => ({
      number: Number(s.sectorNumber),
      commR: toHex(s.commR),
      sealedPath: s.sealedPath,
      cacheDir: s.cacheDir,
    })),
  }
}

/** Reads a WDP call's result (`{proof, proven, skipped}`). */
export function wdpResult(v: unknown): WindowPoStOutput {
  const o = v as { proof?: unknown; proven?: unknown; skipped?: unknown }
  if (typeof o?.proof !== 'string' || !Array.isArray(o.proven) || !Array.isArray(o.skipped))
    throw new DecodeError('WDP result: expected {proof, proven, skipped}')
  return {
    proof: fromHex(o.proof),
    proven: o.proven.map(Number),
    skipped: (o.skipped as { sectorNumber: number; reason: string }[]).map((s) => ({
      sectorNumber: Number(s.sectorNumber),
      reason: String(s.reason),
    })),
  }
}

/**
 * Runs on a WDP worker when the scheduler has one enabled, else locally. The call is named by the
 * deadline's first sector for the scheduler's bookkeeping.
 */
export function schedulerWindowPoSt(sched: Scheduler, minerId: number): ComputeWindowPoSt {
  return async (job, signal) => {
    const hasWorker = sched.workers().some((w) => w.enabled && w.tasks.has('WDP'))
    const first = job.sectors[0]
    if (!hasWorker || !first) return localWindowPoSt(job, signal)
    const sector = { miner: minerId, number: Number(first.sectorNumber), proof: job.sealProof }
    return wdpResult(await sched.schedule(sector, 'WDP', wdpArgs(job)))
  }
}
