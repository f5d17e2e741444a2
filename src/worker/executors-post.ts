/**
 * The PoSt executors of a worker started with `--windowpost` (WDP) or `--winningpost` (WNP): the proof is
 * computed on a proofs worker thread over sector files the call names (the worker must see the storage
 * holding them). Arguments and results are JSON with bytes in hex, as every Worker RPC call.
 */
import { runJob } from '../proofs/worker/run.ts'
import { proverId } from '../proofs/sdr/replica-id.ts'
import type { SectorToProve } from '../proofs/post/sector.ts'
import { fromHex, toHex } from '../util/bytes.ts'
import { InvalidError } from '../util/errors.ts'
import type { Executor } from './executors.ts'

function args(a: unknown, task: string): { postProof: number; randomness: Uint8Array; sectors: SectorToProve[] } {
  const o = a as Record<string, unknown>
  if (typeof o !== 'object' || o === null) throw new InvalidError(`${task} arguments: expected an object`)
  if (typeof o.postProof !== 'number') throw new InvalidError(`${task} arguments: postProof must be a number`)
  if (typeof o.randomness !== 'string') throw new InvalidError(`${task} arguments: randomness must be hex`)
  if (!Array.isArray(o.sectors)) throw new InvalidError(`${task} arguments: sectors must be a list`)
  const sectors = o.sectors.map((x: unknown, i: number) => {
    const s = x as Record<string, unknown>
    if (
      typeof s?.number !== 'number' ||
      typeof s.commR !== 'string' ||
      typeof s.sealedPath !== 'string' ||
      typeof s.cacheDir !== 'string'
    )
      throw new InvalidError(`${task} arguments: sectors[${i}] needs number, commR, sealedPath and cacheDir`)
    return { sectorNumber: s.number, commR: fromHex(s.commR), sealedPath: s.sealedPath, cacheDir: s.cacheDir }
  })
  const randomness = fromHex(o.randomness)
  if (randomness.length !== 32) throw new InvalidError(`${task} arguments: randomness must be 32 bytes`)
  return { postProof: o.postProof, randomness, sectors }
}

/** WDP: `{postProof, randomness, sectors}` → `{proof, proven, skipped}`; unreadable sectors are skipped. */
export const windowPoSt: Executor = async (a, ctx) => {
  const out = await runJob('windowPoSt', args(a, 'WDP'), { signal: ctx.signal })
  return {
    proof: toHex(out.proof),
    proven: out.proven.map(Number),
    skipped: out.skipped.map((s) => ({ sectorNumber: Number(s.sectorNumber), reason: s.reason })),
  }
}

/** WNP: `{postProof, randomness, sectors}` (the challenged sectors) → `{proof}`; a faulty sector fails the call. */
export const winningPoSt: Executor = async (a, ctx) => {
  const proof = await runJob(
    'winningPoSt',
    { ...args(a, 'WNP'), proverId: proverId(ctx.sector.miner) },
    { signal: ctx.signal },
  )
  return { proof: toHex(proof) }
}
