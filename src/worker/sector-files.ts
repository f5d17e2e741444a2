/**
 * A sector's files in a storage path, under Lotus's names: `unsealed/s-t0<miner>-<n>`,
 * `sealed/s-t0<miner>-<n>` and the `cache/s-t0<miner>-<n>/` folder.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { SectorRef } from './worker.ts'

export interface SectorPaths {
  readonly unsealed: string
  readonly sealed: string
  readonly cache: string
}

/** Lotus storiface.SectorName: `s-t0<miner>-<number>`. */
export function sectorName(s: SectorRef): string {
  return `s-t0${s.miner}-${s.number}`
}

/** The sector's file paths under `root`, creating the three folders. */
export function sectorPaths(root: string, s: SectorRef): SectorPaths {
  for (const d of ['unsealed', 'sealed', 'cache']) mkdirSync(join(root, d), { recursive: true })
  const name = sectorName(s)
  return {
    unsealed: join(root, 'unsealed', name),
    sealed: join(root, 'sealed', name),
    cache: join(root, 'cache', name),
  }
}

/**
 * Moves a finalized sector to long-term storage (the storage-paths code implements it: pick a store path,
 * move, redeclare). FIN calls it after clearing the cache.
 */
export interface SectorMover {
  moveToStore(sector: SectorRef, from: SectorPaths, keepUnsealed: boolean): Promise<void>
}

/** A mover for a worker whose seal path is also its store: leaves the files where they are. */
export const KEEP_IN_PLACE: SectorMover = { moveToStore: async () => undefined }

/** The files of a sector a task works on. */
export type SectorFileType = keyof SectorPaths

/**
 * Brings a sector's files into this worker's seal path before a task runs (Lotus's "prepare" step: the
 * storage-paths code fetches them from wherever the index says they are, e.g. another worker's path or
 * the store).
 */
export interface SectorFetcher {
  /**
   * Fetches the missing `types`; resolves with what to run once the task succeeded (removing the copies
   * fetched from other workers' seal paths, Lotus's AcquireMove), if anything.
   */
  fetch(
    sector: SectorRef,
    types: readonly SectorFileType[],
    into: SectorPaths,
    signal: AbortSignal,
  ): Promise<void | (() => Promise<void>)>
}

/**
 * Keeps the sector index in step with a worker's seal folder: after each task, the file types present are
 * declared and those gone (moved or removed) dropped.
 */
export interface SectorDeclarer {
  sync(sector: SectorRef): Promise<void>
}
