/**
 * The worker's SectorMover and SectorFetcher over the storage-paths code: the mover puts a finalized
 * sector from a worker's seal folder into the best local store path and declares it in the index; the
 * fetcher brings a sector's missing files from whichever path the index says holds them, through that
 * path's `/remote` URLs.
 */
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs'
import type { SectorId, SectorStorageInfo } from '../../api/miner/storage-types.ts'
import { sealProof } from '../../proofs/registered-proof.ts'
import { errorMessage, NotFoundError } from '../../util/errors.ts'
import type { SectorFetcher, SectorFileType, SectorMover, SectorPaths } from '../sector-files.ts'
import type { SectorRef } from '../worker.ts'
import { FetchError, fetchToPath } from './fetch.ts'
import { FT, type FileType } from './filetypes.ts'
import type { LocalStore } from './local.ts'
import type { SectorIndex } from './sector-index.ts'

export interface SectorIoDeps {
  readonly index: SectorIndex
  readonly local: LocalStore
  /** The token presented to other processes' `/remote` (the miner's admin token). */
  readonly token: string
}

/** Renames `src` to `dst`, copying across filesystems; a crash leaves the old or the new copy whole. */
function moveFile(src: string, dst: string): void {
  rmSync(dst, { recursive: true, force: true })
  try {
    renameSync(src, dst)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    const tmp = `${dst}.tmp-move`
    rmSync(tmp, { recursive: true, force: true })
    cpSync(src, tmp, { recursive: true })
    renameSync(tmp, dst)
    rmSync(src, { recursive: true, force: true })
  }
}

/**
 * Finalize's move: sealed + cache (and unsealed when kept and present) go to one local store path, which
 * is then declared as their primary location.
 */
export function pathsMover(deps: SectorIoDeps): SectorMover {
  return {
    async moveToStore(sector: SectorRef, from: SectorPaths, keepUnsealed: boolean): Promise<void> {
      const types: FileType[] = ['sealed', 'cache']
      if (keepUnsealed && existsSync(from.unsealed)) types.push('unsealed')
      for (const t of types) {
        if (!existsSync(from[t as SectorFileType]))
          throw new NotFoundError(
            `sector ${sector.miner}/${sector.number}: no ${t} file at ${from[t as SectorFileType]}`,
          )
      }
      const id = { Miner: sector.miner, Number: sector.number }
      const mask = types.reduce((m, t) => m | FT[t], 0)
      const alloc = deps.local.allocate(id, mask, sealProof(sector.proof).sectorSize, 'storage')
      try {
        for (const t of types) moveFile(from[t as SectorFileType], alloc.files[t]!)
        deps.local.declare(alloc.storageId, id, mask)
      } finally {
        alloc.release()
      }
    },
  }
}

/** Where a sector's file types are (the index's StorageFindSector without fetch targets). */
export type FindSector = (s: SectorId, mask: number) => SectorStorageInfo[] | Promise<SectorStorageInfo[]>

/** The prepare step's fetch over the miner's own index. */
export function pathsFetcher(deps: SectorIoDeps): SectorFetcher {
  return remoteFetcher({
    find: (s, mask) => deps.index.find(s, mask, 0, false),
    token: deps.token,
    drop: async (id, s, mask) => {
      if (deps.index.has(id)) deps.index.drop(id, s, mask)
    },
  })
}

/**
 * The prepare step's fetch: each missing file type comes from the first `/remote` URL that serves it. Once
 * the task succeeded, copies taken from seal-only paths are deleted there and dropped (`drop`), so a
 * sector's sealing files live in one place (Lotus AcquireMove); store paths keep theirs.
 */
export function remoteFetcher(deps: {
  readonly find: FindSector
  readonly token: string
  readonly drop?: (storageId: string, s: SectorId, mask: number) => Promise<void>
}): SectorFetcher {
  return {
    async fetch(sector, types, into, signal) {
      const id = { Miner: sector.miner, Number: sector.number }
      const moved: { url: string; storage: string; bit: number }[] = []
      for (const t of types) {
        if (existsSync(into[t])) continue
        const sources = await deps.find(id, FT[t])
        if (sources.length === 0)
          throw new NotFoundError(`sector ${sector.miner}/${sector.number}: no storage path holds its ${t} file`)
        const errors: string[] = []
        let done = false
        for (const si of sources.sort((a, b) => Number(b.Primary) - Number(a.Primary))) {
          for (const url of si.URLs) {
            try {
              await fetchToPath(url, deps.token, into[t], signal)
              if (!si.CanStore) moved.push({ url, storage: si.ID, bit: FT[t] })
              done = true
              break
            } catch (err) {
              errors.push(errorMessage(err))
            }
          }
          if (done) break
        }
        if (!done)
          throw new FetchError(`sector ${sector.miner}/${sector.number}: fetching ${t} failed: ${errors.join('; ')}`)
      }
      if (moved.length === 0) return
      return async () => {
        for (const m of moved) {
          const res = await fetch(m.url, {
            method: 'DELETE',
            headers: deps.token ? { Authorization: `Bearer ${deps.token}` } : {},
          })
          await res.arrayBuffer().catch(() => undefined)
          if (res.status !== 200) throw new FetchError(`removing the fetched source ${m.url}: HTTP ${res.status}`)
          await deps.drop?.(m.storage, id, m.bit)
        }
      }
    },
  }
}
