/**
 * A SectorLocator over the miner's sector index (../paths/sector-index.ts): a worker holds a sector when
 * one of its storage paths holds the sector's unsealed, sealed or cache file. Which storage IDs are a
 * worker's comes from `pathsOf` (the paths the worker attached); a worker with no attached paths seals in
 * its own folder, so it may allocate (and finalize in place) and holds nothing the index knows.
 */
import { REMOTE_PREFIX } from '../../worker/paths/http-handler.ts'
import type { SectorRef } from '../../worker/worker.ts'
import { RemoteWorker } from './remote-worker.ts'
import type { SectorLocator } from './selectors.ts'

/** What the locator needs of the sector index. */
export interface SectorHolders {
  /** Storage IDs holding file type `bit` (unsealed 1, sealed 2, cache 4) of a sector. */
  holders(s: { readonly Miner: number; readonly Number: number }, bit: number): string[]
  /** The path's policy (whether it may store finalized sectors). */
  info(id: string): { readonly CanStore: boolean }
}

/** The unsealed, sealed and cache bits (storiface.FTUnsealed|FTSealed|FTCache). */
const SECTOR_FILE_BITS = [1, 2, 4] as const

export function indexLocator(
  index: SectorHolders,
  pathsOf: (workerId: string) => readonly string[] | undefined,
): SectorLocator {
  return {
    async hasSector(workerId: string, sector: SectorRef): Promise<boolean> {
      const mine = new Set(pathsOf(workerId) ?? [])
      if (mine.size === 0) return false
      const id = { Miner: sector.miner, Number: sector.number }
      return SECTOR_FILE_BITS.some((bit) => index.holders(id, bit).some((storage) => mine.has(storage)))
    },
    async canAllocate(workerId: string): Promise<boolean> {
      const paths = pathsOf(workerId)
      return paths === undefined || paths.length > 0
    },
    async canStore(workerId: string): Promise<boolean> {
      const paths = pathsOf(workerId)
      return paths === undefined || paths.some((id) => index.info(id).CanStore)
    },
  }
}

/** What `workerPaths` needs: the index's paths with their URLs, the miner's own paths and the workers. */
export interface WorkerPathsDeps {
  readonly index: { list(): Record<string, unknown>; info(id: string): { readonly URLs: readonly string[] } }
  /** The miner's local storage IDs (the built-in worker's paths). */
  readonly localIds: () => string[]
  readonly builtinId: () => string
  readonly workerById: (id: string) => unknown
}

/**
 * The storage IDs of a worker, for `indexLocator`: the built-in worker holds what the miner's own paths
 * hold; a lotus-worker the paths it attached under its own `/remote` URL; a worker with none seals in its
 * own folder (undefined).
 */
export function workerPaths(d: WorkerPathsDeps): (workerId: string) => string[] | undefined {
  return (workerId) => {
    let ids: string[] = []
    if (workerId === d.builtinId()) ids = d.localIds()
    else {
      const w = d.workerById(workerId)
      if (w instanceof RemoteWorker) {
        const prefix = `${new URL(w.url).origin}${REMOTE_PREFIX}`
        ids = Object.keys(d.index.list()).filter((id) => d.index.info(id).URLs.some((u) => u.startsWith(prefix)))
      }
    }
    return ids.length > 0 ? ids : undefined
  }
}
