/**
 * What a local worker runs for each task type, as a table. Arguments and results are JSON values (they
 * cross the Worker RPC): byte strings in hex. Each executor reads and writes the sector's files in the
 * worker's seal path (./sector-files.ts) and runs the heavy work in a proofs worker thread.
 */
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { clearCache } from '../proofs/pc2/clear-cache.ts'
import { runJob } from '../proofs/worker/run.ts'
import { decodeSealProof, encodeSealProof } from '../proofs/porep/codec.ts'
import { sealProof } from '../proofs/registered-proof.ts'
import { proverId } from '../proofs/sdr/replica-id.ts'
import { UnsealedSectorWriter } from '../proofs/unsealed.ts'
import { preCommit1Async } from '../proofs/worker/run.ts'
import { fromBase64, fromHex, toBase64, toHex } from '../util/bytes.ts'
import { InvalidError } from '../util/errors.ts'
import { windowPoSt, winningPoSt } from './executors-post.ts'
import type { SectorFileType, SectorMover, SectorPaths } from './sector-files.ts'
import type { TaskType } from './task-types.ts'
import type { SectorRef } from './worker.ts'

export interface ExecContext {
  readonly sector: SectorRef
  readonly paths: SectorPaths
  readonly signal: AbortSignal
  /** Fraction of the task done (0..1), for the proofs jobs that report it. */
  readonly onProgress: (fraction: number) => void
  readonly mover: SectorMover
  readonly parentsDir?: string
}

export type Executor = (args: unknown, ctx: ExecContext) => Promise<unknown>

function obj(args: unknown, task: string): Record<string, unknown> {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new InvalidError(`${task} arguments: expected an object`)
  }
  return args as Record<string, unknown>
}

function hexArg(a: Record<string, unknown>, key: string, task: string, len?: number): Uint8Array {
  const v = a[key]
  if (typeof v !== 'string') throw new InvalidError(`${task} arguments: ${key} must be a hex string`)
  const b = fromHex(v)
  if (len !== undefined && b.length !== len) throw new InvalidError(`${task} arguments: ${key} must be ${len} bytes`)
  return b
}

/** AP: `{pieces: [{size: unpadded, path?: file}]}` (no path = zeros, a CC sector) → pieces and CommD. */
const addPiece: Executor = async (args, ctx) => {
  const a = obj(args, 'AP')
  if (!Array.isArray(a.pieces) || a.pieces.length === 0)
    throw new InvalidError('AP arguments: pieces must be a non-empty list')
  const w = await UnsealedSectorWriter.create(ctx.paths.unsealed, sealProof(ctx.sector.proof).sectorSize)
  const pieces = []
  for (const p of a.pieces as unknown[]) {
    const piece = obj(p, 'AP piece')
    if (typeof piece.size !== 'number' || !Number.isSafeInteger(piece.size)) {
      throw new InvalidError('AP piece: size must be an integer')
    }
    const data =
      typeof piece.path === 'string' ? createReadStream(piece.path, { signal: ctx.signal }) : new Uint8Array()
    const added = await w.addPiece(piece.size, data)
    pieces.push({ pieceCid: added.pieceCid.toString(), size: added.size, offset: added.offset })
  }
  const { commD } = await w.finish()
  return { pieces, commD: toHex(commD) }
}

/** PC1: `{ticket, commD}` → the replica id; the layers go to the sector's cache folder. */
const preCommit1: Executor = async (args, ctx) => {
  const a = obj(args, 'PC1')
  const out = await preCommit1Async(
    {
      proof: ctx.sector.proof,
      proverId: proverId(ctx.sector.miner),
      sectorNumber: ctx.sector.number,
      ticket: hexArg(a, 'ticket', 'PC1', 32),
      commD: hexArg(a, 'commD', 'PC1', 32),
      cacheDir: ctx.paths.cache,
      parentsDir: ctx.parentsDir,
    },
    { signal: ctx.signal, onProgress: ctx.onProgress },
  )
  return { replicaId: toHex(out.replicaId) }
}

/** PC2: `{}` → CommD, CommR and their CIDs; writes the trees and the sealed replica. */
const preCommit2: Executor = async (_args, ctx) => {
  const out = await runJob(
    'preCommit2',
    { proof: ctx.sector.proof, cacheDir: ctx.paths.cache, unsealed: ctx.paths.unsealed, sealedPath: ctx.paths.sealed },
    { signal: ctx.signal, onProgress: ctx.onProgress },
  )
  return { commD: toHex(out.commD), commR: toHex(out.commR), unsealedCid: out.unsealedCid, sealedCid: out.sealedCid }
}

/** C1: `{ticket, seed, commD}` → the vanilla seal proof, CBOR in base64. */
const commit1: Executor = async (args, ctx) => {
  const a = obj(args, 'C1')
  const proof = await runJob(
    'commit1',
    {
      proof: ctx.sector.proof,
      cacheDir: ctx.paths.cache,
      sealedPath: ctx.paths.sealed,
      proverId: proverId(ctx.sector.miner),
      sectorNumber: ctx.sector.number,
      ticket: hexArg(a, 'ticket', 'C1', 32),
      seed: hexArg(a, 'seed', 'C1', 32),
      commD: hexArg(a, 'commD', 'C1', 32),
    },
    { signal: ctx.signal, onProgress: ctx.onProgress },
  )
  return { c1: toBase64(encodeSealProof(proof)) }
}

/** C2: `{c1}` → the proof bytes (Lotus-TS's proof is the checked CBOR encoding of C1's vanilla proof). */
const commit2: Executor = async (args) => {
  const a = obj(args, 'C2')
  if (typeof a.c1 !== 'string') throw new InvalidError('C2 arguments: c1 must be base64')
  return { proof: toBase64(encodeSealProof(decodeSealProof(fromBase64(a.c1)))) }
}

/** FIN: `{keepUnsealed?}` → clears the cache's temporary files, then moves the sector to a store path. */
const finalize: Executor = async (args, ctx) => {
  const a = obj(args, 'FIN')
  const removed = clearCache(ctx.paths.cache)
  await ctx.mover.moveToStore(ctx.sector, ctx.paths, a.keepUnsealed === true)
  return { removed: removed.length, kept: (await readdir(ctx.paths.cache).catch(() => [])).length }
}

/** The files each task reads, which must be in the worker's seal path before it starts. */
export const TASK_INPUTS: Partial<Record<TaskType, readonly SectorFileType[]>> = {
  PC1: ['unsealed'],
  PC2: ['unsealed', 'cache'],
  C1: ['sealed', 'cache'],
  FIN: ['sealed', 'cache'],
}

/** The executors a local worker has; tasks without one are refused when enabled. */
export const EXECUTORS: Partial<Record<TaskType, Executor>> = {
  AP: addPiece,
  PC1: preCommit1,
  PC2: preCommit2,
  C1: commit1,
  C2: commit2,
  FIN: finalize,
  WDP: windowPoSt,
  WNP: winningPoSt,
}
