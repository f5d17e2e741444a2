/**
 * What a miner backup holds, as a table keyed by entry kind: which repo files, whether each must exist,
 * and the mode a restore writes it with. Collecting reads them from a repo (the SQL metadata comes in as a
 * consistent snapshot, see sqlite-snapshot.ts); `entryKindOf` tells a restore whether a name is allowed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONFIG_FILE, KEYSTORE_DIR } from '../../api/repo/fs-repo.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import { META_FILE } from '../../worker/paths/meta.ts'
import { STORAGE_CONFIG_FILE } from '../../worker/paths/storage-config.ts'
import { ACTOR_FILE } from '../repo/actor.ts'
import { METADATA_DB_FILE } from '../repo/config.ts'
import type { BackupEntry } from './format.ts'

/** The miner's SQL store in its repo (as node.ts names it). */

export type EntryKind = 'config' | 'storage' | 'pathMeta' | 'actor' | 'metadata' | 'key'

interface KindInfo {
  /** The name this kind matches (a fixed name, or a pattern for keys). */
  readonly match: (name: string) => boolean
  /** File mode a restore writes. */
  readonly mode: number
  /** A backup without it is refused (config.toml) — the rest may be absent in a young repo. */
  readonly required: boolean
}

const fixed = (file: string) => (name: string) => name === file
/** The actor record's entry name. */
export const ACTOR_NAME = ACTOR_FILE.split(/[\\/]/).join('/')

export const ENTRY_KINDS: Readonly<Record<EntryKind, KindInfo>> = {
  config: { match: fixed(CONFIG_FILE), mode: 0o644, required: true },
  storage: { match: fixed(STORAGE_CONFIG_FILE), mode: 0o644, required: false },
  /** The repo's own `sectorstore.json` when the repo is a storage path (keeps its storage ID). */
  pathMeta: { match: fixed(META_FILE), mode: 0o644, required: false },
  actor: { match: fixed(ACTOR_NAME), mode: 0o644, required: false },
  metadata: { match: fixed(METADATA_DB_FILE), mode: 0o600, required: false },
  /** Keystore files: Lotus's base32 (RFC 4648, upper case, no padding) key names. */
  key: { match: (n) => /^keystore\/[A-Z2-7]+$/.test(n), mode: 0o600, required: false },
}

/** The kind of an entry name; InvalidError for anything a backup may not hold (e.g. `../x`). */
export function entryKindOf(name: string, where: string): EntryKind {
  for (const [kind, info] of Object.entries(ENTRY_KINDS) as [EntryKind, KindInfo][]) if (info.match(name)) return kind
  throw new InvalidError(`${where}: unexpected entry ${JSON.stringify(name)} (not a miner repo file)`)
}

/** Checks a decoded backup: every name allowed and unique, the required kinds present. */
export function checkEntries(entries: readonly BackupEntry[], where: string): void {
  const seen = new Set<string>()
  const kinds = new Set<EntryKind>()
  for (const e of entries) {
    if (seen.has(e.name)) throw new InvalidError(`${where}: entry ${JSON.stringify(e.name)} appears twice`)
    seen.add(e.name)
    kinds.add(entryKindOf(e.name, where))
  }
  for (const [kind, info] of Object.entries(ENTRY_KINDS) as [EntryKind, KindInfo][])
    if (info.required && !kinds.has(kind)) throw new InvalidError(`${where}: backup has no ${kind} entry`)
}

/** Reads the backed-up files of the repo at `repoPath`, with `metadata` the SQL snapshot (if any). */
export function collectEntries(repoPath: string, metadata: Uint8Array | undefined): BackupEntry[] {
  const out: BackupEntry[] = []
  const file = (name: string, required: boolean) => {
    const p = join(repoPath, ...name.split('/'))
    if (existsSync(p)) out.push({ name, data: new Uint8Array(readFileSync(p)) })
    else if (required) throw new NotFoundError(`${p} does not exist: is ${repoPath} an initialized miner repo?`)
  }
  file(CONFIG_FILE, true)
  file(STORAGE_CONFIG_FILE, false)
  file(META_FILE, false)
  file(ACTOR_NAME, false)
  if (metadata) out.push({ name: METADATA_DB_FILE, data: metadata })
  const ks = join(repoPath, KEYSTORE_DIR)
  const keys = existsSync(ks) ? readdirSync(ks).filter((f) => ENTRY_KINDS.key.match(`keystore/${f}`)) : []
  for (const f of keys.sort()) file(`keystore/${f}`, true)
  return out
}
