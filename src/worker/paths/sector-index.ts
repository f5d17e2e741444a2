/**
 * The sector index (Lotus paths.MemIndex): which storage paths exist (local or on workers, each with
 * its URLs, policy and last health report) and which of them hold which file types of which sector.
 * In memory; the miner rebuilds it at start by scanning its local paths, and workers declare theirs
 * through the API.
 */
import type {
  Decl,
  FsStat,
  HealthReport,
  SectorId,
  SectorStorageInfo,
  StorageInfo,
} from '../../api/miner/storage-types.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import { checkMask, FILE_TYPES, FT, type PathType, sectorName } from './filetypes.ts'
import { spaceUse } from './overhead.ts'

/** How often paths report health, and after how long without a report a path counts as unreachable. */
export const HEARTBEAT_INTERVAL_MS = 10_000
export const SKIPPED_HEARTBEAT_MS = HEARTBEAT_INTERVAL_MS * 5

interface StorageEntry {
  info: StorageInfo
  stat: FsStat
  lastHeartbeat: number
  heartbeatErr: string
}

interface DeclMeta {
  storage: string
  primary: boolean
}

const declKey = (s: SectorId, bit: number) => `${s.Miner}/${s.Number}/${bit}`

export const EMPTY_STAT: FsStat = { Capacity: 0, Available: 0, FSAvailable: 0, Reserved: 0, Max: 0, Used: 0 }

export class SectorIndex {
  private readonly stores = new Map<string, StorageEntry>()
  /** `miner/number/bit` → the paths holding that file. */
  private readonly sectors = new Map<string, DeclMeta[]>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds a path, or merges new URLs into a known one and updates its policy. */
  attach(si: StorageInfo, st: FsStat): void {
    if (si.ID === '') throw new InvalidError('storage attach: empty storage ID')
    const known = this.stores.get(si.ID)
    const urls = known ? [...new Set([...known.info.URLs, ...si.URLs])] : [...si.URLs]
    this.stores.set(si.ID, { info: { ...si, URLs: urls }, stat: st, lastHeartbeat: this.now(), heartbeatErr: '' })
  }

  /** Removes one URL of a path; the path (and its declarations) goes with its last URL, or at once when `url` is ''. */
  detach(id: string, url: string): void {
    const e = this.entry(id)
    const urls = url === '' ? [] : e.info.URLs.filter((u) => u !== url)
    if (url !== '' && urls.length === e.info.URLs.length)
      throw new NotFoundError(`storage ${id} has no URL ${JSON.stringify(url)}`)
    if (urls.length > 0) {
      e.info = { ...e.info, URLs: urls }
      return
    }
    this.stores.delete(id)
    for (const [k, metas] of this.sectors) {
      const left = metas.filter((m) => m.storage !== id)
      if (left.length === 0) this.sectors.delete(k)
      else this.sectors.set(k, left)
    }
  }

  has(id: string): boolean {
    return this.stores.has(id)
  }

  info(id: string): StorageInfo {
    return structuredClone(this.entry(id).info)
  }

  /** The path's last reported stat; an error naming the problem when its heartbeat failed or stopped. */
  stat(id: string): FsStat {
    const e = this.entry(id)
    if (e.heartbeatErr !== '') throw new InvalidError(`storage ${id} is unhealthy: ${e.heartbeatErr}`)
    const since = this.now() - e.lastHeartbeat
    if (since > SKIPPED_HEARTBEAT_MS)
      throw new InvalidError(`storage ${id} is unreachable: no heartbeat for ${Math.round(since / 1000)}s`)
    return { ...e.stat }
  }

  reportHealth(id: string, report: HealthReport): void {
    const e = this.entry(id)
    e.stat = report.Stat
    e.heartbeatErr = report.Err
    e.lastHeartbeat = this.now()
  }

  /** Records that path `id` holds the types in `mask` of `s` (idempotent; `primary` upgrades an entry). */
  declare(id: string, s: SectorId, mask: number, primary: boolean): void {
    this.entry(id)
    checkMask(mask)
    for (const t of FILE_TYPES) {
      if (!(mask & FT[t])) continue
      const k = declKey(s, FT[t])
      const metas = this.sectors.get(k) ?? []
      const known = metas.find((m) => m.storage === id)
      if (known) known.primary ||= primary
      else metas.push({ storage: id, primary })
      this.sectors.set(k, metas)
    }
  }

  drop(id: string, s: SectorId, mask: number): void {
    this.entry(id)
    checkMask(mask)
    for (const t of FILE_TYPES) {
      if (!(mask & FT[t])) continue
      const k = declKey(s, FT[t])
      const left = (this.sectors.get(k) ?? []).filter((m) => m.storage !== id)
      if (left.length === 0) this.sectors.delete(k)
      else this.sectors.set(k, left)
    }
  }

  /** Every path with the sector files it holds (StorageList). */
  list(): Record<string, Decl[]> {
    const byId = new Map<string, Map<string, Decl>>()
    for (const id of this.stores.keys()) byId.set(id, new Map())
    for (const [k, metas] of this.sectors) {
      const [miner, num, bit] = k.split('/').map(Number) as [number, number, number]
      for (const m of metas) {
        const decls = byId.get(m.storage)!
        const d = decls.get(`${miner}/${num}`) ?? { Miner: miner, Number: num, SectorFileType: 0 }
        d.SectorFileType |= bit
        decls.set(`${miner}/${num}`, d)
      }
    }
    return Object.fromEntries([...byId].map(([id, m]) => [id, [...m.values()]]))
  }

  /** The storage IDs holding exactly one file type of a sector. */
  holders(s: SectorId, bit: number): string[] {
    return (this.sectors.get(declKey(s, bit)) ?? []).map((m) => m.storage)
  }

  /**
   * The paths holding any type in `mask` of sector `s` (StorageFindSector), each with URLs to the file of
   * the lowest type it holds. With `allowFetch` and a sector size, also the healthy paths that could take
   * the files (not primary), when every source path's AllowTo admits them.
   */
  find(s: SectorId, mask: number, ssize: number, allowFetch: boolean): SectorStorageInfo[] {
    checkMask(mask)
    const found = new Map<string, { primary: boolean; bit: number }>()
    for (const t of FILE_TYPES) {
      if (!(mask & FT[t])) continue
      for (const m of this.sectors.get(declKey(s, FT[t])) ?? []) {
        const f = found.get(m.storage)
        if (f) f.primary ||= m.primary
        else found.set(m.storage, { primary: m.primary, bit: FT[t] })
      }
    }
    const out: SectorStorageInfo[] = []
    for (const [id, f] of found) {
      const e = this.stores.get(id)
      if (e) out.push(this.storageInfoFor(e, s, f.bit, f.primary))
    }
    if (!allowFetch || ssize <= 0) return out
    const sourceAllow = [...found.keys()].map((id) => this.stores.get(id)?.info.AllowTo ?? [])
    const need = spaceUse(mask, ssize, 'sealing')
    for (const e of this.stores.values()) {
      if (found.has(e.info.ID) || !(e.info.CanSeal || e.info.CanStore)) continue
      if (!this.healthy(e) || e.stat.Available < need) continue
      if (!sourceAllow.every((allow) => allowedTo(allow, e.info.Groups))) continue
      const bit = FT[FILE_TYPES.find((t) => mask & FT[t])!]
      out.push(this.storageInfoFor(e, s, bit, false))
    }
    return out
  }

  /**
   * Healthy paths with room for the types in `mask` of a `ssize` sector (StorageBestAlloc), best first
   * by available space × weight. `allowFrom` (a source path's AllowTo) narrows them to admitted groups.
   */
  bestAlloc(mask: number, ssize: number, pathType: PathType, allowFrom: string[] = [], miner?: number): StorageInfo[] {
    checkMask(mask)
    const need = spaceUse(mask, ssize, pathType)
    const candidates = [...this.stores.values()].filter(
      (e) =>
        (pathType === 'sealing' ? e.info.CanSeal : e.info.CanStore) &&
        e.info.Weight > 0 &&
        e.stat.Available >= need &&
        this.healthy(e) &&
        allowedTo(allowFrom, e.info.Groups) &&
        (miner === undefined || minerAllowed(e.info, miner)),
    )
    if (candidates.length === 0)
      throw new NotFoundError(
        `no good path found: no healthy ${pathType === 'sealing' ? 'seal' : 'store'} path has ${need} bytes free`,
      )
    candidates.sort((a, b) => b.stat.Available * b.info.Weight - a.stat.Available * a.info.Weight)
    return candidates.map((e) => structuredClone(e.info))
  }

  private healthy(e: StorageEntry): boolean {
    return e.heartbeatErr === '' && this.now() - e.lastHeartbeat <= SKIPPED_HEARTBEAT_MS
  }

  private storageInfoFor(e: StorageEntry, s: SectorId, bit: number, primary: boolean): SectorStorageInfo {
    const type = FILE_TYPES[Math.log2(bit)]!
    const name = sectorName(s.Miner, s.Number)
    return {
      ID: e.info.ID,
      URLs: e.info.URLs.map((u) => `${u}/${type}/${name}`),
      BaseURLs: [...e.info.URLs],
      Weight: e.info.Weight,
      CanSeal: e.info.CanSeal,
      CanStore: e.info.CanStore,
      Primary: primary,
      AllowTypes: [...e.info.AllowTypes],
      DenyTypes: [...e.info.DenyTypes],
      AllowMiners: [...e.info.AllowMiners],
      DenyMiners: [...e.info.DenyMiners],
    }
  }

  private entry(id: string): StorageEntry {
    const e = this.stores.get(id)
    if (!e) throw new NotFoundError(`storage path ${JSON.stringify(id)} not found`)
    return e
  }
}

/** The actor ID in `t01000` / `f01000`, or undefined for anything else. */
const actorIdOf = (a: string) => {
  const m = /^[ft]0(\d+)$/.exec(a.trim())
  return m ? Number(m[1]) : undefined
}

/** Lotus MinerFilter: AllowMiners (when set) must name the miner, DenyMiners must not. */
export function minerAllowed(info: Pick<StorageInfo, 'AllowMiners' | 'DenyMiners'>, miner: number): boolean {
  if (info.AllowMiners.length > 0 && !info.AllowMiners.some((a) => actorIdOf(a) === miner)) return false
  return !info.DenyMiners.some((a) => actorIdOf(a) === miner)
}

/** A source's AllowTo admits a target when it is empty or shares a group with the target's Groups. */
export function allowedTo(allowTo: readonly string[], groups: readonly string[]): boolean {
  return allowTo.length === 0 || groups.some((g) => allowTo.includes(g))
}
