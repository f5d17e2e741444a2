/**
 * `<path>/sectorstore.json` (storiface.LocalStorageMeta): a storage path's identity and policy, written
 * once by `storage attach --init` and read whenever the path is attached.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Bool, type Codec, Str, Uint } from '../../core/codec.ts'
import { StrList, struct } from '../../api/miner/struct.ts'
import { DecodeError, InvalidError, NotFoundError } from '../../util/errors.ts'

export const META_FILE = 'sectorstore.json'

export interface LocalStorageMeta {
  ID: string
  /** Higher weight means more likely chosen; 0 makes the path read-only. */
  Weight: number
  CanSeal: boolean
  CanStore: boolean
  /** Bytes the path's sector files may use (0: unlimited). */
  MaxStorage: number
  Groups: string[]
  /** Groups that may pull data from this path (empty: all). */
  AllowTo: string[]
  AllowTypes: string[]
  DenyTypes: string[]
  AllowMiners: string[]
  DenyMiners: string[]
}

/** Missing list fields read as empty (older Lotus files lack them), so they are decoded leniently. */
const MetaCodec: Codec<LocalStorageMeta> = struct<LocalStorageMeta>('sectorstore.json', {
  ID: Str,
  Weight: Uint,
  CanSeal: Bool,
  CanStore: Bool,
  MaxStorage: Uint,
  Groups: StrList,
  AllowTo: StrList,
  AllowTypes: StrList,
  DenyTypes: StrList,
  AllowMiners: StrList,
  DenyMiners: StrList,
})

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The defaults `storage attach --init` fills in for fields not given. */
export function newMeta(opts: Partial<Omit<LocalStorageMeta, 'ID'>>): LocalStorageMeta {
  return {
    ID: randomUUID(),
    Weight: 10,
    CanSeal: false,
    CanStore: false,
    MaxStorage: 0,
    Groups: [],
    AllowTo: [],
    AllowTypes: [],
    DenyTypes: [],
    AllowMiners: [],
    DenyMiners: [],
    ...opts,
  }
}

export function readMeta(path: string): LocalStorageMeta {
  const file = join(path, META_FILE)
  if (!existsSync(file)) throw new NotFoundError(`${file} does not exist (initialize the path with --init)`)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new DecodeError(`${file}: invalid JSON: ${(err as Error).message}`)
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const o = json as Record<string, unknown>
    for (const k of ['Weight', 'MaxStorage'] as const) o[k] ??= 0
    for (const k of ['CanSeal', 'CanStore'] as const) o[k] ??= false
  }
  const meta = MetaCodec.fromJson(json, file)
  if (!UUID_RE.test(meta.ID)) throw new DecodeError(`${file}: ID ${JSON.stringify(meta.ID)} is not a UUID`)
  return meta
}

/** Writes sectorstore.json atomically; refuses to overwrite an existing one. */
export function writeMeta(path: string, meta: LocalStorageMeta): void {
  const file = join(path, META_FILE)
  if (existsSync(file)) throw new InvalidError(`path is already initialized: ${file} exists`)
  const tmp = `${file}.tmp-${process.pid}`
  writeFileSync(tmp, `${JSON.stringify(MetaCodec.toJson(meta), null, 2)}\n`, { mode: 0o644 })
  renameSync(tmp, file)
}
