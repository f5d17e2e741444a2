/**
 * `lotus-miner backup [--offline] <file>` (Lotus cli/backup.go): online, the running miner writes the
 * backup through `CreateBackup` (its LOTUS_BACKUP_BASE_PATH must hold the file); offline, the command
 * locks the repo itself (so the miner must be stopped) and writes it. Neither overwrites a file.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { CONFIG_FILE, LockedRepo, repoPath } from '../../api/repo/fs-repo.ts'
import { createBackupFile } from '../../miner/backup/create.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { expand } from './storage.ts'

export const backupCmd: Command = {
  name: 'backup',
  usage: 'Create node metadata backup',
  argsUsage: '[backup file path]',
  description:
    'The backup command writes a copy of node metadata under the specified path\n\n' +
    'Online backups:\n' +
    'For security reasons, the daemon must be have LOTUS_BACKUP_BASE_PATH env var set\n' +
    'to a path where backup files are supposed to be saved, and the path specified in\n' +
    'this command must be within this base path',
  flags: [{ name: 'offline', kind: 'bool', usage: 'create backup without the node running' }],
  async action(ctx) {
    if (ctx.args.length !== 1)
      throw new CliError(`incorrect number of arguments, got ${ctx.args.length}`, { showHelp: true })
    const file = expand(ctx.args[0]!)
    if (bool(ctx, 'offline')) {
      const dir = repoPath(MINER_REPO, str(ctx, 'repo') || undefined, ctx.env)
      if (!existsSync(join(dir, CONFIG_FILE))) throw new CliError(`repo at '${dir}' is not initialized`)
      const repo = LockedRepo.open(dir, MINER_REPO, ctx.env)
      try {
        createBackupFile(dir, file)
      } finally {
        repo.close()
      }
    } else {
      await withApi(ctx, MINER_REPO, StorageMinerMethods, (api) => api.CreateBackup(file))
    }
    ctx.stdout.write('Success\n')
  },
}
