/**
 * `lotus-miner init restore [--config f] [--storage-config storage.json] <file>` (Lotus
 * cmd/lotus-miner/init_restore.go): makes a new miner repo from a backup written by `lotus-miner backup`.
 * The backup is verified (framing, SHA-256, format version) before anything is written, and only an absent
 * or empty repo folder is accepted. With FULLNODE_API_INFO set, the backup's miner actor is checked on chain
 * first, as Lotus does: it must exist and its worker key must be in the daemon's wallet. (Lotus also sets a
 * new peer ID on chain; here the backup keeps the libp2p key, so the peer ID stays the same.)
 */
import { repoPath } from '../../api/repo/fs-repo.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { Address } from '../../core/address.ts'
import { readBackupFile, restoreBackup } from '../../miner/backup/restore.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { withFullNode } from './proving-api.ts'

/** The actor must exist on chain and the daemon's wallet must hold its worker key (Lotus init_restore.go). */
async function checkActorOnChain(ctx: CommandContext, maddr: Address): Promise<void> {
  await withFullNode(ctx, async (api) => {
    const info = (await api.StateMinerInfo(maddr, TipSetKey.EMPTY)) as { Worker?: unknown }
    if (typeof info?.Worker !== 'string') throw new CliError(`miner actor ${maddr}: StateMinerInfo has no Worker`)
    const worker = Address.parse(info.Worker)
    const key = await api.StateAccountKey(worker, TipSetKey.EMPTY)
    if (!(await api.WalletHas(key)))
      throw new CliError(`worker address ${worker} for miner actor ${maddr} not present in full node wallet`)
  })
}

export const initRestoreCmd: Command = {
  name: 'restore',
  usage: 'Initialize a lotus miner repo from a backup',
  argsUsage: '[backupFile]',
  flags: [
    { name: 'nosync', kind: 'bool', usage: "don't check full-node sync status" },
    { name: 'config', kind: 'string', usage: 'config file (config.toml)' },
    { name: 'storage-config', kind: 'string', usage: 'storage paths config (storage.json)' },
  ],
  async action(ctx) {
    if (ctx.args.length !== 1)
      throw new CliError(`incorrect number of arguments, got ${ctx.args.length}`, { showHelp: true })
    const dir = repoPath(MINER_REPO, str(ctx, 'repo') || undefined, ctx.env)
    const backup = readBackupFile(ctx.args[0]!)
    if (backup.actor && ctx.env.FULLNODE_API_INFO) {
      ctx.stderr.write('Checking actor metadata\n')
      await checkActorOnChain(ctx, backup.actor)
    } else if (backup.actor) {
      ctx.stderr.write(`FULLNODE_API_INFO not set: miner ${backup.actor} and its worker key not checked on chain\n`)
    }
    ctx.stderr.write('Restoring metadata backup\n')
    const r = restoreBackup(backup, dir, {
      config: str(ctx, 'config') || undefined,
      storageConfig: str(ctx, 'storage-config') || undefined,
      env: ctx.env,
    })
    ctx.stdout.write(`Miner ${r.actor ?? '(no actor recorded)'} restored in ${dir} (${r.files} files)\n`)
  },
}
