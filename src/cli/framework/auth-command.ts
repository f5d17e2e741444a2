/**
 * `auth create-token --perm p` and `auth api-info --perm p` (lotus cli/auth.go), for any program whose API
 * has AuthNew: `authCommand(FULLNODE_REPO, FullNodeMethods)` is `lotus auth`; the miner's is built the same way.
 */
import type { CommonMethods } from '../../api/common.ts'
import { permissionsUpTo } from '../../api/permissions.ts'
import type { RepoKind } from '../../api/repo/fs-repo.ts'
import { withApi } from './api.ts'
import { type Command, type CommandContext, type Flag, str } from './command.ts'
import { CliError } from './errors.ts'

const permFlag: Flag = {
  name: 'perm',
  kind: 'string',
  usage: 'permission to assign to the token, one of: read, write, sign, admin',
}

function perms(ctx: CommandContext, missing: string) {
  if (!ctx.isSet('perm')) throw new CliError(missing)
  try {
    return permissionsUpTo(str(ctx, 'perm'))
  } catch (err) {
    throw new CliError((err as Error).message)
  }
}

/** The `auth` command tree for the API of `kind` (any table with the Common methods). */
export function authCommand(kind: RepoKind, table: Pick<typeof CommonMethods, 'AuthNew'>): Command {
  const createToken: Command = {
    name: 'create-token',
    usage: 'Create token',
    flags: [permFlag],
    action: (ctx) => {
      const p = perms(ctx, '--perm flag not set')
      return withApi(ctx, kind, table, async (api) => {
        const token = await api.AuthNew(p)
        ctx.stdout.write(`${new TextDecoder().decode(token)}\n`)
      })
    },
  }
  const apiInfo: Command = {
    name: 'api-info',
    usage: 'Get token with API info required to connect to this node',
    flags: [permFlag],
    action: (ctx) => {
      const p = perms(ctx, '--perm flag not set, use with one of: read, write, sign, admin')
      return withApi(ctx, kind, table, async (api, target) => {
        const token = new TextDecoder().decode(await api.AuthNew(p))
        ctx.stdout.write(`${kind.apiInfoEnv}=${token}:${target.addr}\n`)
      })
    },
  }
  return { name: 'auth', usage: 'Manage RPC permissions', subcommands: [createToken, apiInfo] }
}
