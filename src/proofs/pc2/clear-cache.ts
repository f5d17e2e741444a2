/**
 * ClearCache (filecoin-proofs `clear_cache` → storage-proofs-porep `clear_cache_dir`), run by Lotus's
 * FinalizeSector after ProveCommit: removes TreeD, TreeC (and its split parts) and the SDR layer files,
 * keeping what proving needs (`sc-02-data-tree-r-last*.dat`, `p_aux`, `t_aux`) beside the sealed replica.
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { LotusError } from '../../util/errors.ts'
import { TREE_D_FILE } from './cache-files.ts'

/** The files clear_cache removes: tree-d, tree-c*, layer-*. */
export function isTemporaryCacheFile(name: string): boolean {
  return name === TREE_D_FILE || /^sc-02-data-tree-c.*\.dat$/.test(name) || /^sc-02-data-layer-.*\.dat$/.test(name)
}

/** Deletes the temporary files of a sector's cache folder; returns the names removed. */
export function clearCache(cacheDir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(cacheDir)
  } catch (err) {
    throw new LotusError('ERR_STORAGE', `clear cache: cannot list ${cacheDir}: ${(err as Error).message}`)
  }
  const removed = names.filter(isTemporaryCacheFile).sort()
  for (const name of removed) rmSync(join(cacheDir, name), { force: true })
  return removed
}
