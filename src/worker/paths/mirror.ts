/**
 * A worker's storage paths, made known to its miner: the worker keeps its own SectorIndex over the paths
 * it attached (storage.json in the worker repo) and copies it into the miner's index through the
 * StorageMiner API: StorageAttach for each path (with the worker's `/remote` URL), StorageDeclareSector
 * for each sector file found there, and StorageReportHealth on every heartbeat. Then the miner can find
 * and fetch sectors sealed on the worker. After each task the worker syncs the sector's declarations
 * (`sectorDeclarer`): file types now present in a local path are declared, those gone dropped, in both
 * indexes.
 */
import { existsSync } from 'node:fs'
import type { Client } from '../../api/client/client.ts'
import { tableOf } from '../../api/method.ts'
import { StorageMethods } from '../../api/miner/storage.ts'
import type { SectorDeclarer } from '../sector-files.ts'
import { FILE_TYPES, FT, sectorPath } from './filetypes.ts'
import type { LocalStore } from './local.ts'
import type { SectorIndex } from './sector-index.ts'

/** The StorageMiner methods the worker calls to mirror its paths. */
export const MinerStorageMirrorMethods = tableOf({
  StorageAttach: StorageMethods.StorageAttach,
  StorageReportHealth: StorageMethods.StorageReportHealth,
  StorageDeclareSector: StorageMethods.StorageDeclareSector,
  StorageDropSector: StorageMethods.StorageDropSector,
  StorageFindSector: StorageMethods.StorageFindSector,
})
export type MinerStorageMirror = Client<typeof MinerStorageMirrorMethods>

/** Attaches every local path to the miner's index and declares the sector files each holds. */
export async function mirrorPaths(index: SectorIndex, miner: MinerStorageMirror): Promise<void> {
  for (const [id, decls] of Object.entries(index.list())) {
    await miner.StorageAttach(index.info(id), index.stat(id))
    for (const d of decls) {
      await miner.StorageDeclareSector(id, { Miner: d.Miner, Number: d.Number }, d.SectorFileType, true)
    }
  }
}

/** Sends each local path's current stat to the miner's index (its heartbeat there). */
export async function reportPathHealth(index: SectorIndex, miner: MinerStorageMirror): Promise<void> {
  for (const id of Object.keys(index.list())) {
    await miner.StorageReportHealth(id, { Stat: index.stat(id), Err: '' })
  }
}

/** Declares (and drops) a sector's files in the worker's local paths, in its index and the miner's. */
export function sectorDeclarer(index: SectorIndex, local: LocalStore, miner: MinerStorageMirror): SectorDeclarer {
  return {
    async sync(sector): Promise<void> {
      const id = { Miner: sector.miner, Number: sector.number }
      for (const [storageId, root] of Object.entries(local.local())) {
        let add = 0
        let gone = 0
        for (const t of FILE_TYPES) {
          const has = existsSync(sectorPath(root, t, sector.miner, sector.number))
          const declared = index.holders(id, FT[t]).includes(storageId)
          if (has && !declared) add |= FT[t]
          if (!has && declared) gone |= FT[t]
        }
        if (add) {
          index.declare(storageId, id, add, true)
          await miner.StorageDeclareSector(storageId, id, add, true)
        }
        if (gone) {
          index.drop(storageId, id, gone)
          await miner.StorageDropSector(storageId, id, gone)
        }
      }
    },
  }
}
