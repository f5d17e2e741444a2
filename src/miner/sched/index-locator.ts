/**
 * A SectorLocator over the miner's sector index (../paths/sector-index.ts): a worker holds a sector when
 * one of its storage paths holds the sector's unsealed, sealed or cache file. Which storage IDs are a
 * worker's comes from `pathsOf` (the paths the worker attached); a worker with no attached paths seals in
 * its own folder, so it may allocate (and finalize in place) and holds nothing the index knows.
 */
import type { SectorRef } from '../../worker/worker.ts'
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
