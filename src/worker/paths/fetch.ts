/**
 * Fetching a sector's file or cache directory from another process's `/remote` into a local path (Lotus
 * paths.Remote fetch): downloaded to a temp name beside the target and renamed into place only when
 * complete, so an interrupted transfer never leaves a partial file under the sector's name.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { SectorId } from '../../api/miner/storage-types.ts'
import { ErrorCode, errorMessage, InvalidError, LotusError, NotFoundError } from '../../util/errors.ts'
import { FILE_TYPES, FT, type FileType, type PathType } from './filetypes.ts'
import type { LocalStore } from './local.ts'
import type { SectorIndex } from './sector-index.ts'
import { untarDirectory } from './tar.ts'

export class FetchError extends LotusError {
  constructor(message: string) {
    super(ErrorCode.Storage, message)
    this.name = 'FetchError'
  }
}

/** Downloads `url` to `dest` atomically (temp + rename); a tar response is unpacked as a directory. */
export async function fetchToPath(url: string, token: string, dest: string, signal?: AbortSignal): Promise<void> {
  if (existsSync(dest)) throw new InvalidError(`fetch: ${dest} already exists`)
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal })
  if (res.status !== 200 || !res.body) {
    const text = (await res.text().catch(() => '')).trim()
    throw new FetchError(`fetch ${url}: HTTP ${res.status}${text ? `: ${text}` : ''}`)
  }
  const tmp = `${dest}.tmp-fetch-${randomBytes(4).toString('hex')}`
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)
  try {
    if ((res.headers.get('content-type') ?? '').startsWith('application/x-tar')) {
      mkdirSync(tmp)
      await untarDirectory(body, tmp)
    } else {
      const out = createWriteStream(tmp, { mode: 0o644 })
      await pipeline(body, out)
      const want = res.headers.get('content-length')
      if (want !== null && Number(want) !== out.bytesWritten)
        throw new FetchError(`fetch ${url}: got ${out.bytesWritten} of ${want} bytes`)
    }
    renameSync(tmp, dest)
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true })
    throw err instanceof LotusError ? err : new FetchError(`fetch ${url}: ${errorMessage(err)}`)
  }
}

/**
 * Brings one file type of a sector into a local path: finds the paths holding it through the index, tries
 * their URLs in turn, and declares the local copy. Returns the local file path.
 */
export async function fetchSector(
  deps: { index: SectorIndex; local: LocalStore; token: string },
  s: SectorId,
  type: FileType,
  ssize: number,
  pathType: PathType,
  signal?: AbortSignal,
): Promise<string> {
  const have = deps.local.pathOf(s, type)
  if (have) return have
  const sources = deps.index.find(s, FT[type], 0, false)
  if (sources.length === 0) throw new NotFoundError(`sector ${s.Miner}/${s.Number}: no path holds its ${type} file`)
  const alloc = deps.local.allocate(s, FT[type], ssize, pathType)
  try {
    const dest = alloc.files[type]!
    const errors: string[] = []
    for (const url of sources.sort((a, b) => Number(b.Primary) - Number(a.Primary)).flatMap((si) => si.URLs)) {
      try {
        await fetchToPath(url, deps.token, dest, signal)
        deps.local.declare(alloc.storageId, s, FT[type])
        return dest
      } catch (err) {
        errors.push(errorMessage(err))
      }
    }
    throw new FetchError(`sector ${s.Miner}/${s.Number}: fetching ${type} failed: ${errors.join('; ')}`)
  } finally {
    alloc.release()
  }
}

/**
 * Finalize for a sector sealed elsewhere (a worker's seal path): brings each type in `mask` into the best
 * local store path, then deletes the remote copies (`DELETE` on their `/remote` URLs) and drops their
 * index entries. Files already in a local store path stay where they are. Returns the local paths.
 */
export async function moveFromRemote(
  deps: { index: SectorIndex; local: LocalStore; token: string },
  s: SectorId,
  mask: number,
  ssize: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const out: string[] = []
  for (const t of FILE_TYPES) {
    if (!(mask & FT[t])) continue
    const remote = deps.index.find(s, FT[t], 0, false).filter((si) => deps.local.root(si.ID) === undefined)
    const file = await fetchSector(deps, s, t, ssize, 'storage', signal)
    out.push(file)
    for (const si of remote) {
      for (const url of si.URLs) {
        const res = await fetch(url, {
          method: 'DELETE',
          headers: deps.token ? { Authorization: `Bearer ${deps.token}` } : {},
          signal,
        })
        await res.arrayBuffer().catch(() => undefined)
        if (res.status !== 200) throw new FetchError(`removing the remote copy ${url}: HTTP ${res.status}`)
      }
      deps.index.drop(si.ID, s, FT[t])
    }
  }
  return out
}
