/**
 * Restoring a miner backup into a new repo (`lotus-miner init restore`). The whole file is read and its
 * framing, checksum, format version and entry names checked before anything is written; the target must
 * be absent or an empty folder. The files are written into a staging folder beside the target (keystore
 * files 0600, folders 0700), checked there (config parses, storage.json and the actor record read), then
 * the staging folder is renamed onto the target: a failure at any point leaves no partial repo.
 */
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { loadConfig } from '../../api/repo/config.ts'
import { CONFIG_FILE } from '../../api/repo/fs-repo.ts'
import { Address } from '../../core/address.ts'
import { DecodeError, ErrorCode, errorMessage, LotusError, NotFoundError } from '../../util/errors.ts'
import { STORAGE_CONFIG_FILE, StorageConfigFile } from '../../worker/paths/storage-config.ts'
import { ACTOR_FILE, readActor } from '../repo/actor.ts'
import { MINER_CONFIG_DEFAULTS } from '../repo/config.ts'
import { ACTOR_NAME, checkEntries, ENTRY_KINDS, entryKindOf } from './entries.ts'
import { type BackupEntry, decodeBackup } from './format.ts'

export interface RestoreOptions {
  /** A config.toml to use instead of the backed-up one (`--config`). */
  readonly config?: string
  /** A storage.json to use instead of the backed-up one (`--storage-config`). */
  readonly storageConfig?: string
  /** Env for config overrides while checking the config. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv
}

export interface RestoreResult {
  /** The miner actor recorded in the backup, when it has one. */
  readonly actor: Address | undefined
  /** Files written. */
  readonly files: number
}

/** The target repo already holds something. */
export class RepoNotEmptyError extends LotusError {
  constructor(dir: string) {
    super(ErrorCode.Conflict, `repo at '${dir}' is not empty: a backup is restored only into a new repo`)
    this.name = 'RepoNotEmptyError'
  }
}

function readInput(file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`${what} ${file} does not exist`)
    throw err
  }
}

function writeDurable(path: string, data: Uint8Array, mode: number): void {
  const fd = openSync(path, 'wx', mode)
  try {
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function checkTarget(dir: string): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory() || readdirSync(dir).length > 0) throw new RepoNotEmptyError(dir)
}

/** A backup file read whole and verified (checksum, format, entry names); nothing written yet. */
export interface VerifiedBackup {
  readonly file: string
  readonly entries: readonly BackupEntry[]
  /** The miner actor recorded in it, when it has one. */
  readonly actor: Address | undefined
}

/** Reads and verifies the backup `file`. */
export function readBackupFile(file: string): VerifiedBackup {
  const where = resolve(file)
  const entries = decodeBackup(readInput(where, 'backup file'), where)
  checkEntries(entries, where)
  const actor = entries.find((e) => e.name === ACTOR_NAME)
  if (!actor) return { file: where, entries, actor: undefined }
  const text = new TextDecoder().decode(actor.data).trim()
  try {
    return { file: where, entries, actor: Address.parse(text) }
  } catch (err) {
    throw new DecodeError(`${where}: invalid miner actor ${JSON.stringify(text)}: ${errorMessage(err)}`)
  }
}

/** Restores a verified backup (or the backup file `file`) into the new repo `repoDir`. */
export function restoreBackup(
  backup: VerifiedBackup | string,
  repoDir: string,
  opts: RestoreOptions = {},
): RestoreResult {
  const { file: where, entries } = typeof backup === 'string' ? readBackupFile(backup) : backup
  const target = resolve(repoDir)
  const replace = new Map<string, Uint8Array>()
  if (opts.config) replace.set(CONFIG_FILE, readInput(resolve(opts.config), '--config file'))
  if (opts.storageConfig)
    replace.set(STORAGE_CONFIG_FILE, readInput(resolve(opts.storageConfig), '--storage-config file'))
  checkTarget(target)

  mkdirSync(dirname(target), { recursive: true })
  const staging = join(dirname(target), `.${basename(target)}.restore-${process.pid}-${randomBytes(4).toString('hex')}`)
  mkdirSync(staging, { mode: 0o700 })
  try {
    const files = [...entries.filter((e) => !replace.has(e.name))]
    for (const [name, data] of replace) files.push({ name, data })
    for (const e of files) {
      const parts = e.name.split('/')
      if (parts.length > 1) mkdirSync(join(staging, ...parts.slice(0, -1)), { recursive: true, mode: 0o700 })
      writeDurable(join(staging, ...parts), e.data, ENTRY_KINDS[entryKindOf(e.name, where)].mode)
    }
    mkdirSync(join(staging, 'keystore'), { recursive: true, mode: 0o700 })
    loadConfig(join(staging, CONFIG_FILE), MINER_CONFIG_DEFAULTS, opts.env ?? process.env)
    new StorageConfigFile(staging).read()
    const actor = existsSync(join(staging, ACTOR_FILE)) ? readActor(staging) : undefined
    checkTarget(target)
    renameSync(staging, target)
    const fd = openSync(dirname(target), 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return { actor, files: files.length }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    throw err
  }
}
