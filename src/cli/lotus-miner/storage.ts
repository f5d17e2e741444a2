/**
 * `lotus-miner storage attach|detach|list|find` (lotus cli/miner/storage.go). `attach --init` writes the
 * path's sectorstore.json (on the CLI side, as Lotus) and then asks the miner to attach it.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { SectorStorageInfo } from '../../api/miner/index.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { FILE_TYPES, FT } from '../../worker/paths/filetypes.ts'
import { META_FILE, newMeta, writeMeta } from '../../worker/paths/meta.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { ramInBytes } from './size.ts'
import { storageListCmd } from './storage-list.ts'

export const expand = (p: string) => resolve(p.startsWith('~') ? join(homedir(), p.slice(1)) : p)
const list = (ctx: CommandContext, name: string) =>
  str(ctx, name)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** Creates sectorstore.json in `p` from the attach flags (Lotus: only with --init). */
export function initPath(ctx: CommandContext, p: string): void {
  if (!bool(ctx, 'seal') && !bool(ctx, 'store')) throw new CliError('must specify at least one of --store or --seal')
  const weight = Number(ctx.flags.weight ?? 10)
  if (!Number.isSafeInteger(weight) || weight < 0) throw new CliError(`--weight: invalid weight ${ctx.flags.weight}`)
  const maxStorage = ctx.isSet('max-storage') ? ramInBytes(str(ctx, 'max-storage'), 'max-storage') : 0
  mkdirSync(p, { recursive: true, mode: 0o755 })
  if (existsSync(join(p, META_FILE))) throw new CliError('path is already initialized')
  // a fresh filesystem's root holds lost+found; hidden files (.snapshot, .nfs…) are not sector data either
  const entries = readdirSync(p).filter((n) => !n.startsWith('.') && n !== 'lost+found')
  if (entries.length > 0)
    throw new CliError(`path ${p} is not empty and holds no ${META_FILE} (refusing to initialize over existing files)`)
  writeMeta(
    p,
    newMeta({
      Weight: weight,
      CanSeal: bool(ctx, 'seal'),
      CanStore: bool(ctx, 'store'),
      MaxStorage: maxStorage,
      Groups: list(ctx, 'groups'),
      AllowTo: list(ctx, 'allow-to'),
    }),
  )
}

export const storageAttachCmd: Command = {
  name: 'attach',
  usage: 'attach local storage path',
  argsUsage: '[path]',
  flags: [
    { name: 'init', kind: 'bool', usage: 'initialize the path first' },
    { name: 'weight', kind: 'int', usage: '(for init) path weight', default: 10 },
    { name: 'seal', kind: 'bool', usage: '(for init) use path for sealing' },
    { name: 'store', kind: 'bool', usage: '(for init) use path for long-term storage' },
    {
      name: 'max-storage',
      kind: 'string',
      usage: '(for init) limit storage space for sectors (expensive for very large paths!)',
    },
    { name: 'groups', kind: 'string', usage: 'path group names (comma-separated)' },
    {
      name: 'allow-to',
      kind: 'string',
      usage: 'path groups allowed to pull data from this path (allow all if not specified; comma-separated)',
    },
  ],
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    const p = expand(ctx.args[0]!)
    if (!bool(ctx, 'init')) {
      for (const f of ['seal', 'store', 'max-storage', 'groups', 'allow-to', 'weight'])
        if (ctx.isSet(f)) throw new CliError(`--${f} is only used with --init (the path's sectorstore.json holds it)`)
      if (!existsSync(p)) throw new CliError(`path ${p} does not exist`)
      if (!statSync(p).isDirectory()) throw new CliError(`path ${p} is not a directory`)
      if (!existsSync(join(p, META_FILE)))
        throw new CliError(`path ${p} holds no ${META_FILE}: use --init (with --seal and/or --store) to initialize it`)
    }
    return withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      await api.Version() // reach the miner before writing anything
      if (bool(ctx, 'init')) initPath(ctx, p)
      await api.StorageAddLocal(p)
    })
  },
}

export const storageDetachCmd: Command = {
  name: 'detach',
  usage: 'detach local storage path',
  argsUsage: '[path]',
  flags: [{ name: 'really-do-it', kind: 'bool', usage: 'actually detach the path' }],
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    if (!bool(ctx, 'really-do-it')) throw new CliError('pass --really-do-it to execute the action')
    return withApi(ctx, MINER_REPO, StorageMinerMethods, (api) => api.StorageDetachLocal(expand(ctx.args[0]!)))
  },
}

export const storageRedeclareCmd: Command = {
  name: 'redeclare',
  usage: 'redeclare sectors in a local storage path',
  argsUsage: '[path]',
  flags: [
    { name: 'id', kind: 'string', usage: 'storage path ID' },
    { name: 'all', kind: 'bool', usage: 'redeclare all storage paths' },
    { name: 'drop-missing', kind: 'bool', usage: 'Drop index entries with missing files', default: true },
  ],
  action: (ctx) => {
    if (ctx.args.length === 0 && !ctx.isSet('id') && !bool(ctx, 'all'))
      throw new CliError('You must specify a storage path, or --id, or --all')
    if (ctx.isSet('id') && bool(ctx, 'all')) throw new CliError("--id and --all can't be passed at the same time")
    if (bool(ctx, 'all') && ctx.args.length > 0)
      throw new CliError('No additional arguments are expected when --all is set')
    const drop = ctx.flags['drop-missing'] !== false
    return withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      if (ctx.isSet('id')) return api.StorageRedeclareLocal(str(ctx, 'id'), drop)
      if (bool(ctx, 'all')) return api.StorageRedeclareLocal(null, drop)
      const p = expand(ctx.args[0]!)
      const id = Object.entries(await api.StorageLocal()).find(([, dir]) => dir === p)?.[0]
      if (!id) throw new CliError(`path ${p} is not attached`)
      return api.StorageRedeclareLocal(id, drop)
    })
  },
}

const FIND_LABELS = ['Unsealed', 'Sealed', 'Cache', 'Update', 'UpdateCache'] as const

export const storageFindCmd: Command = {
  name: 'find',
  usage: 'find sector in the storage system',
  argsUsage: '[sector number]',
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    const arg = ctx.args[0]!
    if (!/^\d+$/.test(arg) || !Number.isSafeInteger(Number(arg)))
      throw new CliError(`invalid sector number ${JSON.stringify(arg)}: expected a non-negative integer`)
    return withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      const ma = await api.ActorAddress()
      const sid = { Miner: Number(ma.id), Number: Number(arg) }
      const byId = new Map<string, { info: SectorStorageInfo; types: string[] }>()
      for (const [i, label] of FIND_LABELS.entries()) {
        const found = await api.StorageFindSector(sid, FT[FILE_TYPES[i]!], 0, false)
        for (const info of found) {
          const e = byId.get(info.ID) ?? { info, types: [] }
          e.types.push(label)
          byId.set(info.ID, e)
        }
      }
      if (byId.size === 0) throw new CliError(`sector ${arg} not found in any storage path`)
      const local = await api.StorageLocal()
      for (const [id, { info, types }] of [...byId].sort(([a], [b]) => (a < b ? -1 : 1))) {
        ctx.stdout.write(`In ${id} (${types.join(', ')})\n`)
        ctx.stdout.write(`\tSealing: ${info.CanSeal}; Storage: ${info.CanStore}\n`)
        ctx.stdout.write(local[id] ? `\tLocal (${local[id]})\n` : '\tRemote\n')
        for (const u of info.URLs) ctx.stdout.write(`\tURL: ${u}\n`)
      }
    })
  },
}

export const storageCmd: Command = {
  name: 'storage',
  usage: 'manage sector storage',
  description: `Sectors can be stored across many filesystem paths. These
commands provide ways to manage the storage the miner will used to store sectors
long term for proving (references as 'store') as well as how sectors will be
stored while moving through the sealing pipeline (references as 'seal').`,
  subcommands: [storageAttachCmd, storageDetachCmd, storageRedeclareCmd, storageListCmd, storageFindCmd],
}
