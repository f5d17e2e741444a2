/**
 * `lotus-miner init restore [--config f] [--storage-config storage.json] <file>` (Lotus
 * cmd/lotus-miner/init_restore.go): makes a new miner repo from a backup written by `lotus-miner backup`.
 * The backup is verified (framing, SHA-256, format version) before anything is written, and only an absent
 * or empty repo folder is accepted. Lotus also checks the actor's worker key against the daemon's wallet
 * and resets the peer ID on chain; here the backup keeps the libp2p key, so the peer ID stays the same.
 */
import { repoPath } from '../../api/repo/fs-repo.ts'
import { restoreBackup } from '../../miner/backup/restore.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

export const initRestoreCmd: Command = {
  name: 'restore',
  usage: 'Initialize a lotus miner repo from a backup',
  argsUsage: '[backupFile]',
  flags: [
    { name: 'nosync', kind: 'bool', usage: "don't check full-node sync status" },
    { name: 'config', kind: 'string', usage: 'config file (config.toml)' },
    { name: 'storage-config', kind: 'string', usage: 'storage paths config (storage.json)' },
  ],
  action(ctx) {
    if (ctx.args.length !== 1)
      throw new CliError(`incorrect number of arguments, got ${ctx.args.length}`, { showHelp: true })
    const dir = repoPath(MINER_REPO, str(ctx, 'repo') || undefined, ctx.env)
    ctx.stderr.write('Restoring metadata backup\n')
    const r = restoreBackup(ctx.args[0]!, dir, {
      config: str(ctx, 'config') || undefined,
      storageConfig: str(ctx, 'storage-config') || undefined,
      env: ctx.env,
    })
    ctx.stdout.write(`Miner ${r.actor ?? '(no actor recorded)'} restored in ${dir} (${r.files} files)\n`)
  },
}
