/** `lotus auth create-token --perm p` and `lotus auth api-info --perm p` (lotus cli/auth.go). */
import { permissionsUpTo } from '../../api/auth.ts'
import { FullNodeMethods } from '../../api/full/index.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { withApi } from '../framework/api.ts'
import { type Command, type CommandContext, type Flag, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

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

const createToken: Command = {
  name: 'create-token',
  usage: 'Create token',
  flags: [permFlag],
  action: (ctx) => {
    const p = perms(ctx, '--perm flag not set')
    return withApi(ctx, FULLNODE_REPO, FullNodeMethods, async (api) => {
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
    return withApi(ctx, FULLNODE_REPO, FullNodeMethods, async (api, target) => {
      const token = new TextDecoder().decode(await api.AuthNew(p))
      ctx.stdout.write(`${FULLNODE_REPO.apiInfoEnv}=${token}:${target.addr}\n`)
    })
  },
}

export const authCmd: Command = {
  name: 'auth',
  usage: 'Manage RPC permissions',
  subcommands: [createToken, apiInfo],
}
