/**
 * Writing a miner backup (format.ts) of a repo: the SQL metadata as a live snapshot, the keystore, the
 * actor record, config.toml, storage.json. The file is written under a temp name in the target folder,
 * fsynced, then linked to its name — which fails when the name exists, so an existing file is never
 * overwritten, even by a race — and the folder fsynced. Mode 0600: the backup holds private keys.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, linkSync, openSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { ErrorCode, LotusError, NotFoundError } from '../../util/errors.ts'
import { METADATA_DB_FILE } from '../repo/config.ts'
import { collectEntries } from './entries.ts'
import { encodeBackup } from './format.ts'
import { snapshotSqlite } from './sqlite-snapshot.ts'

/** The backup file exists already. */
export class BackupExistsError extends LotusError {
  constructor(file: string) {
    super(ErrorCode.Conflict, `backup file ${file} already exists: refusing to overwrite it (choose a new name)`)
    this.name = 'BackupExistsError'
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Writes the backup of the repo at `repoPath` to `file`; returns the number of bytes written. */
export function createBackupFile(repoPath: string, file: string): number {
  const target = resolve(file)
  if (existsSync(target)) throw new BackupExistsError(target)
  const dir = dirname(target)
  if (!existsSync(dir)) throw new NotFoundError(`backup folder ${dir} does not exist`)
  const db = join(repoPath, METADATA_DB_FILE)
  const bytes = encodeBackup(collectEntries(repoPath, existsSync(db) ? snapshotSqlite(db) : undefined))
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    try {
      linkSync(tmp, target)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupExistsError(target)
      throw err
    }
  } finally {
    rmSync(tmp, { force: true })
  }
  fsyncDir(dir)
  return bytes.length
}
