/** `lotus-miner run` (start the miner process) and `lotus-miner stop`. */
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { repoPath } from '../../api/repo/fs-repo.ts'
import { loadHostPeerId } from '../../daemon/host-key.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

export const stopCmd: Command = {
  name: 'stop',
  usage: 'Stop a running lotus miner',
  action: (ctx) =>
    withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      await api.Shutdown()
    }),
}

export const runCmd: Command = {
  name: 'run',
  usage: 'Start a lotus miner process',
  flags: [
    { name: 'miner-api', kind: 'string', usage: 'the API port (overrides the port of [API] ListenAddress)' },
    { name: 'nosync', kind: 'bool', usage: "don't check full-node sync status" },
  ],
  async action(ctx) {
    if (ctx.args.length > 0) throw new CliError(`unknown command '${ctx.args[0]}'`, { showHelp: true })
    const env = { ...ctx.env }
    const port = str(ctx, 'miner-api')
    if (port) {
      if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`--miner-api: invalid port ${port}`)
      env.LOTUS_API_LISTENADDRESS = `/ip4/127.0.0.1/tcp/${port}/http`
    }
    const { initMiner } = await import('../../miner/node.ts')
    process.on('unhandledRejection', (err) =>
      ctx.stderr.write(
        `lotus-miner: unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      ),
    )
    const miner = await initMiner(
      { repoPath: repoPath(MINER_REPO, str(ctx, 'repo') || undefined, ctx.env), env },
      { peerId: loadHostPeerId },
    )
    ctx.stderr.write(`lotus-ts miner API listening on ${miner.apiAddr} (repo ${miner.repo.path})\n`)
    const stop = () => void miner.close()
    ctx.signal.addEventListener('abort', stop, { once: true })
    await miner.closed
    ctx.signal.removeEventListener('abort', stop)
  },
}
