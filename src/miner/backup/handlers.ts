/**
 * The StorageMiner API's `CreateBackup(fpath)` in the running miner. As in Lotus, the miner's environment
 * must set `LOTUS_BACKUP_BASE_PATH` and the backup file must lie inside that folder (`~` expanded, relative
 * paths taken from the miner's working folder), so an API caller cannot write files elsewhere.
 */
import { homedir } from 'node:os'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { BackupMethods } from '../../api/miner/backup.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { InvalidError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { createBackupFile } from './create.ts'

export const BACKUP_BASE_ENV = 'LOTUS_BACKUP_BASE_PATH'

const log = logger('backup')

const expand = (p: string) => resolve(p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p)

/** The absolute backup path, checked to lie inside `LOTUS_BACKUP_BASE_PATH`. */
export function backupPathInBase(fpath: string, env: NodeJS.ProcessEnv): string {
  const base = env[BACKUP_BASE_ENV]
  if (!base) throw new InvalidError(`${BACKUP_BASE_ENV} env var not set in the miner's environment`)
  if (!fpath) throw new InvalidError('backup file name is empty')
  const b = expand(base)
  const f = expand(fpath)
  const rel = relative(b, f)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new InvalidError(`backup file name (${f}) must be inside base path (${b})`)
  return f
}

export interface BackupDeps {
  /** The running miner's repo. */
  readonly repoPath: string
}

export interface BackupOptions {
  /** Where LOTUS_BACKUP_BASE_PATH is read. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv
}

export function backupHandlers(deps: BackupDeps, opts: BackupOptions = {}): Handlers<typeof BackupMethods> {
  const env = opts.env ?? process.env
  return {
    CreateBackup: (_ctx, fpath) => {
      const file = backupPathInBase(fpath, env)
      const size = createBackupFile(deps.repoPath, file)
      log.info('backup written', { file, size })
      return undefined
    },
  }
}
