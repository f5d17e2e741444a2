/** `lotus-miner auth create-token|api-info` and `lotus-miner version`. */
import { formatVersion } from '../../api/codecs.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { authCommand } from '../framework/auth-command.ts'
import type { Command } from '../framework/command.ts'

export const authCmd: Command = authCommand(MINER_REPO, StorageMinerMethods)

export const versionCmd: Command = {
  name: 'version',
  usage: 'Print version',
  action: (ctx) =>
    withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      const v = await api.Version()
      ctx.stdout.write(`Daemon:  ${v.version}+api${formatVersion(v.apiVersion)}\n`)
      ctx.stdout.write(`Local: ${ctx.app.name} version ${ctx.app.version}\n`)
    }),
}
