/**
 * `lotus-worker storage attach [--init --seal|--store] <path>`: records a path in the worker repo's
 * storage.json (writing its sectorstore.json first with --init, as `lotus-miner storage attach`). The
 * next `lotus-worker run` serves the path on `/remote` and declares it and its sectors in the miner's
 * index, so the miner can find and fetch sectors sealed there. (Lotus attaches to the running worker
 * through its API; here the path takes effect at the worker's next start.)
 */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { repoPath } from '../../api/repo/fs-repo.ts'
import { META_FILE, readMeta } from '../../worker/paths/meta.ts'
import { StorageConfigFile } from '../../worker/paths/storage-config.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { expand, initPath, storageAttachCmd as minerAttach } from '../lotus-miner/storage.ts'
import { WORKER_REPO } from './repo.ts'

export const workerStorageAttachCmd: Command = {
  name: 'attach',
  usage: 'attach local storage path',
  argsUsage: '[path]',
  flags: minerAttach.flags,
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    const p = expand(ctx.args[0]!)
    if (bool(ctx, 'init')) initPath(ctx, p)
    else {
      for (const f of ['seal', 'store', 'max-storage', 'groups', 'allow-to', 'weight'])
        if (ctx.isSet(f)) throw new CliError(`--${f} is only used with --init (the path's sectorstore.json holds it)`)
      if (!existsSync(p) || !statSync(p).isDirectory()) throw new CliError(`path ${p} is not a directory`)
    }
    if (!existsSync(join(p, META_FILE)))
      throw new CliError(`path ${p} holds no ${META_FILE}: use --init (with --seal and/or --store) to initialize it`)
    readMeta(p) // refuse a broken sectorstore.json now rather than at the worker's start
    const repo = repoPath(WORKER_REPO, str(ctx, 'worker-repo') || undefined, ctx.env)
    mkdirSync(repo, { recursive: true })
    const config = new StorageConfigFile(repo)
    if (config.read().StoragePaths.some((x) => x.Path === p)) throw new CliError(`path ${p} is already attached`)
    config.update((ps) => [...ps, p])
    ctx.stdout.write(`attached ${p}; it is served and declared to the miner at the next lotus-worker run\n`)
  },
}

export const workerStorageCmd: Command = {
  name: 'storage',
  usage: 'manage the worker-local storage paths',
  subcommands: [workerStorageAttachCmd],
}
