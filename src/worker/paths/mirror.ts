/**
 * A worker's storage paths, made known to its miner: the worker keeps its own SectorIndex over the paths
 * it attached (storage.json in the worker repo) and copies it into the miner's index through the
 * StorageMiner API: StorageAttach for each path (with the worker's `/remote` URL), StorageDeclareSector
 * for each sector file found there, and StorageReportHealth on every heartbeat. Then the miner can find
 * and fetch sectors sealed on the worker.
 */
import type { Client } from '../../api/client/client.ts'
import { tableOf } from '../../api/method.ts'
import { StorageMethods } from '../../api/miner/storage.ts'
import type { SectorIndex } from './sector-index.ts'

/** The StorageMiner methods the worker calls to mirror its paths. */
export const MinerStorageMirrorMethods = tableOf({
  StorageAttach: StorageMethods.StorageAttach,
  StorageReportHealth: StorageMethods.StorageReportHealth,
  StorageDeclareSector: StorageMethods.StorageDeclareSector,
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
