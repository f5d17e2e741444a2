/**
 * The process's local storage paths (Lotus paths.Local): attaching and detaching directories that hold a
 * sectorstore.json, declaring the sector files found in them to the index, health reports, reserving
 * space for new sectors, and moving a sector's files from a seal path to a store path (finalize).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { SectorId } from '../../api/miner/storage-types.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import type { StorageConfigFile } from './storage-config.ts'
import { FILE_TYPES, type FileType, FT, type PathType, parseSectorName, sectorPath } from './filetypes.ts'
import { fsStat } from './fsstat.ts'
import { type LocalStorageMeta, readMeta } from './meta.ts'
import { spaceUse } from './overhead.ts'
import { HEARTBEAT_INTERVAL_MS, type SectorIndex } from './sector-index.ts'

const log = logger('stores')

/** Temp names of unfinished fetches and moves (see fetch.ts and moveStorage). */
const TMP_RE = /\.tmp-(fetch-[0-9a-f]+|move)$/

interface LocalPath {
  readonly root: string
  readonly meta: LocalStorageMeta
  reserved: number
}

export interface LocalStoreDeps {
  readonly index: SectorIndex
  /** Where the attached path list is kept (storage.json). */
  readonly config: StorageConfigFile
  /** The URLs this process serves its files under (`http://host:port/remote`). */
  readonly urls: () => string[]
}

export class LocalStore {
  private readonly paths = new Map<string, LocalPath>()
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly d: LocalStoreDeps) {}

  /** Attaches every path in storage.json (a path that fails is logged and reported, not fatal). */
  open(): void {
    for (const { Path } of this.d.config.read().StoragePaths) {
      try {
        this.attach(Path, false)
      } catch (err) {
        log.error('could not attach storage path', { path: Path, error: (err as Error).message })
      }
    }
  }

  /** Attaches `dir` (StorageAddLocal): checks it, registers it, declares its sectors, records it. */
  add(dir: string): void {
    this.attach(dir, true)
  }

  private attach(dir: string, persist: boolean): void {
    const root = resolve(dir)
    if (!existsSync(root)) throw new NotFoundError(`storage path ${root} does not exist`)
    if (!statSync(root).isDirectory()) throw new InvalidError(`storage path ${root} is not a directory`)
    const meta = readMeta(root)
    for (const p of this.paths.values()) {
      if (p.root === root) throw new InvalidError(`path ${root} is already attached (storage ${p.meta.ID})`)
      if (p.meta.ID === meta.ID)
        throw new InvalidError(`storage ${meta.ID} is already attached at ${p.root} (duplicate sectorstore.json?)`)
    }
    const path: LocalPath = { root, meta, reserved: 0 }
    this.d.index.attach(
      {
        ID: meta.ID,
        URLs: this.d.urls(),
        Weight: meta.Weight,
        MaxStorage: meta.MaxStorage,
        CanSeal: meta.CanSeal,
        CanStore: meta.CanStore,
        Groups: meta.Groups,
        AllowTo: meta.AllowTo,
        AllowTypes: meta.AllowTypes,
        DenyTypes: meta.DenyTypes,
        AllowMiners: meta.AllowMiners,
        DenyMiners: meta.DenyMiners,
      },
      fsStat(root, meta.MaxStorage, 0),
    )
    this.paths.set(meta.ID, path)
    for (const t of FILE_TYPES) mkdirSync(resolve(root, t), { recursive: true })
    this.declareFound(path)
    if (persist) this.d.config.update((ps) => [...ps.filter((p) => resolve(p) !== root), root])
    log.info('attached storage path', { id: meta.ID, path: root })
  }

  /** Declares every `s-t0<miner>-<num>` entry under the path's type directories (the start-up scan). */
  private declareFound(p: LocalPath): void {
    for (const t of FILE_TYPES) {
      const dir = resolve(p.root, t)
      for (const name of readdirSync(dir)) {
        if (TMP_RE.test(name)) {
          // a fetch or move that never finished (the process died): its partial copy goes
          rmSync(resolve(dir, name), { recursive: true, force: true })
          continue
        }
        try {
          this.d.index.declare(p.meta.ID, parseSectorName(name), FT[t], true)
        } catch {
          log.warn('skipping unknown file in storage path', { path: resolve(dir, name) })
        }
      }
    }
  }

  /**
   * Rescans path `id` (all local paths when null) and declares what it holds (StorageRedeclareLocal);
   * with `dropMissing`, index entries of that path whose files are gone are dropped.
   */
  redeclare(id: string | null, dropMissing: boolean): void {
    if (id !== null && !this.paths.has(id)) throw new NotFoundError(`storage path ${id} is not local`)
    const targets = id === null ? [...this.paths.values()] : [this.paths.get(id)!]
    for (const p of targets) {
      if (dropMissing) {
        for (const d of this.d.index.list()[p.meta.ID] ?? []) {
          for (const t of FILE_TYPES) {
            if (d.SectorFileType & FT[t] && !existsSync(sectorPath(p.root, t, d.Miner, d.Number)))
              this.d.index.drop(p.meta.ID, d, FT[t])
          }
        }
      }
      this.declareFound(p)
    }
  }

  /** Detaches a local path (StorageDetachLocal): files stay, index entries and the storage.json line go. */
  detach(dir: string): void {
    const root = resolve(dir)
    const p = [...this.paths.values()].find((x) => x.root === root)
    if (!p) throw new NotFoundError(`no local storage path at ${root}`)
    this.paths.delete(p.meta.ID)
    if (this.d.index.has(p.meta.ID)) this.d.index.detach(p.meta.ID, '')
    this.d.config.update((ps) => ps.filter((x) => resolve(x) !== root))
  }

  /** Storage ID → directory (StorageLocal). */
  local(): Record<string, string> {
    return Object.fromEntries([...this.paths].map(([id, p]) => [id, p.root]))
  }

  /** Stats every path and reports it to the index (an unreachable path is reported with its error). */
  heartbeat(): void {
    for (const p of this.paths.values()) {
      try {
        if (!existsSync(resolve(p.root, 'sectorstore.json')))
          throw new NotFoundError(`${p.root}: sectorstore.json is gone (path unmounted?)`)
        this.d.index.reportHealth(p.meta.ID, { Stat: fsStat(p.root, p.meta.MaxStorage, p.reserved), Err: '' })
      } catch (err) {
        const Err = (err as Error).message
        this.d.index.reportHealth(p.meta.ID, { Stat: this.safeStat(p), Err })
      }
    }
  }

  private safeStat(p: LocalPath) {
    try {
      return this.d.index.stat(p.meta.ID)
    } catch {
      return { Capacity: 0, Available: 0, FSAvailable: 0, Reserved: p.reserved, Max: p.meta.MaxStorage, Used: 0 }
    }
  }

  startHeartbeat(intervalMs = HEARTBEAT_INTERVAL_MS): void {
    this.heartbeat()
    this.timer = setInterval(() => this.heartbeat(), intervalMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** The local file of `type` holding sector `s`, if any path has it. */
  pathOf(s: SectorId, type: FileType): string | undefined {
    for (const id of this.d.index.holders(s, FT[type])) {
      const p = this.paths.get(id)
      const file = p && sectorPath(p.root, type, s.Miner, s.Number)
      if (file && existsSync(file)) return file
    }
    return undefined
  }

  /**
   * Chooses a local path for new files of the types in `mask` and reserves their space until `release`
   * (Lotus AcquireSector with allocate). Returns the file path for each type.
   */
  allocate(
    s: SectorId,
    mask: number,
    ssize: number,
    pathType: PathType,
  ): { storageId: string; files: Partial<Record<FileType, string>>; release: () => void } {
    const best = this.d.index.bestAlloc(mask, ssize, pathType, [], s.Miner).find((si) => this.paths.has(si.ID))
    if (!best) throw new NotFoundError(`no local ${pathType === 'sealing' ? 'seal' : 'store'} path with enough space`)
    const p = this.paths.get(best.ID)!
    const bytes = spaceUse(mask, ssize, pathType)
    p.reserved += bytes
    let released = false
    const files: Partial<Record<FileType, string>> = {}
    for (const t of FILE_TYPES) if (mask & FT[t]) files[t] = sectorPath(p.root, t, s.Miner, s.Number)
    return {
      storageId: p.meta.ID,
      files,
      release: () => {
        if (!released) p.reserved -= bytes
        released = true
      },
    }
  }

  /** Declares files written into a local path (after allocate and write). */
  declare(storageId: string, s: SectorId, mask: number): void {
    this.d.index.declare(storageId, s, mask, true)
  }

  /**
   * Moves the sector's files of `mask` out of seal-only paths into the best local store path (finalize),
   * honouring each source path's AllowTo. Each file is copied to a temp name and renamed, then the source
   * is removed, so a crash leaves either the old or the new copy, never half of one.
   */
  moveStorage(s: SectorId, mask: number, ssize: number): string {
    const moves: { from: LocalPath; type: FileType }[] = []
    for (const t of FILE_TYPES) {
      if (!(mask & FT[t])) continue
      const holders = this.d.index.holders(s, FT[t]).map((id) => this.paths.get(id))
      if (holders.some((h) => h?.meta.CanStore)) continue // already in a store path
      const from = holders.find((h) => h !== undefined)
      if (!from) throw new NotFoundError(`sector ${s.Miner}/${s.Number}: no local ${t} file to move`)
      moves.push({ from, type: t })
    }
    if (moves.length === 0) return ''
    const allowFrom = moves.flatMap((m) => m.from.meta.AllowTo)
    const moveMask = moves.reduce((m, x) => m | FT[x.type], 0)
    const dest = this.d.index
      .bestAlloc(moveMask, ssize, 'storage', allowFrom, s.Miner)
      .map((si) => this.paths.get(si.ID))
      .find((p) => p !== undefined)
    if (!dest) throw new NotFoundError('no local store path to move the sector to')
    for (const { from, type } of moves) {
      const src = sectorPath(from.root, type, s.Miner, s.Number)
      const dst = sectorPath(dest.root, type, s.Miner, s.Number)
      const tmp = `${dst}.tmp-move`
      rmSync(tmp, { recursive: true, force: true })
      try {
        renameSync(src, dst) // same filesystem: atomic
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
        cpSync(src, tmp, { recursive: true })
        renameSync(tmp, dst)
        rmSync(src, { recursive: true, force: true })
      }
      this.d.index.declare(dest.meta.ID, s, FT[type], true)
      this.d.index.drop(from.meta.ID, s, FT[type])
    }
    return dest.meta.ID
  }

  /** Removes the sector's local files of `mask` and their index entries. */
  remove(s: SectorId, mask: number): void {
    for (const t of FILE_TYPES) {
      if (!(mask & FT[t])) continue
      for (const id of this.d.index.holders(s, FT[t])) {
        const p = this.paths.get(id)
        if (!p) continue
        rmSync(sectorPath(p.root, t, s.Miner, s.Number), { recursive: true, force: true })
        this.d.index.drop(id, s, FT[t])
      }
    }
  }

  /** The local path root of a storage ID. */
  root(id: string): string | undefined {
    return this.paths.get(id)?.root
  }
}
