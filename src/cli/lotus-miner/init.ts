/**
 * `lotus-miner init --actor <addr>`: creates the miner repo (config.toml, keystore), records the miner
 * actor, and makes the repo a storage path (seal + store, as Lotus does unless --no-local-storage).
 * Without `--actor`, the actor is created on chain through the daemon (init-create-actor.ts);
 * `init restore` makes the repo from a backup (init-restore.ts); `--genesis-miner` with pre-sealed sectors
 * serves a miner of the genesis (init-genesis-miner.ts).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { LockedRepo, repoPath } from '../../api/repo/fs-repo.ts'
import { Address } from '../../core/address.ts'
import { META_FILE, newMeta, writeMeta } from '../../worker/paths/meta.ts'
import { ACTOR_FILE, writeActor } from '../../miner/repo/actor.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { StorageConfigFile } from '../../worker/paths/storage-config.ts'
import { errorMessage } from '../../util/errors.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { actorCreator, CREATE_ACTOR_FLAGS } from './init-create-actor.ts'
import { GENESIS_MINER_FLAGS, importWorkerKey, preSealSetup } from './init-genesis-miner.ts'
import { initRestoreCmd } from './init-restore.ts'

export const initCmd: Command = {
  name: 'init',
  usage: 'Initialize a lotus miner repo',
  subcommands: [initRestoreCmd],
  flags: [
    { name: 'actor', kind: 'string', usage: 'specify the address of an already created miner actor' },
    ...CREATE_ACTOR_FLAGS,
    ...GENESIS_MINER_FLAGS,
    { name: 'no-local-storage', kind: 'bool', usage: "don't use the repo as a storage path" },
    { name: 'nosync', kind: 'bool', usage: "don't check full-node sync status" },
  ],
  async action(ctx) {
    if (ctx.args.length > 0) throw new CliError(`unexpected argument '${ctx.args[0]}'`, { showHelp: true })
    let actor: Address | undefined
    if (ctx.isSet('actor')) {
      try {
        actor = Address.parse(str(ctx, 'actor'))
        void actor.id
      } catch (err) {
        throw new CliError(`--actor: ${errorMessage(err)} (expected an ID address such as t01000)`)
      }
    }
    const preSeal = preSealSetup(ctx, actor)
    const dir = repoPath(MINER_REPO, str(ctx, 'repo') || undefined, ctx.env)
    if (existsSync(join(dir, ACTOR_FILE))) throw new CliError(`repo at '${dir}' is already initialized`)
    const creator = actor ? undefined : await actorCreator(ctx)
    if (preSeal && bool(ctx, 'genesis-miner')) ctx.stdout.write(await importWorkerKey(ctx, preSeal))
    const repo = LockedRepo.open(dir, MINER_REPO, ctx.env)
    try {
      if (creator) {
        // the actor exists on chain from here on: record it at once, so that a retried init never makes another
        actor = await creator.create(repo)
        writeActor(dir, actor)
      }
      preSeal?.attach(dir)
      preSeal?.adopt(dir)
      if (!bool(ctx, 'no-local-storage')) {
        if (!existsSync(join(dir, META_FILE))) writeMeta(dir, newMeta({ Weight: 10, CanSeal: true, CanStore: true }))
        new StorageConfigFile(dir).update((ps) => [...ps.filter((p) => p !== dir), dir])
      }
      // last for a given actor: a repo with an actor is initialized, so an init cut short before here can run again
      if (!creator) writeActor(dir, actor!)
    } finally {
      repo.close()
    }
    ctx.stdout.write(`Miner ${actor} initialized in ${dir}\n`)
  },
}
