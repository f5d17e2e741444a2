/** `lotus version`: the daemon's version (with its API version) and the local one. */
import { formatVersion } from '../../api/codecs.ts'
import { FullNodeMethods } from '../../api/full/index.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { withApi } from '../framework/api.ts'
import type { Command } from '../framework/command.ts'

export const versionCmd: Command = {
  name: 'version',
  usage: 'Print version',
  action: (ctx) =>
    withApi(ctx, FULLNODE_REPO, FullNodeMethods, async (api) => {
      const v = await api.Version()
      ctx.stdout.write(`Daemon:  ${v.version}+api${formatVersion(v.apiVersion)}\n`)
      ctx.stdout.write(`Local: ${ctx.app.name} version ${ctx.app.version}\n`)
    }),
}
