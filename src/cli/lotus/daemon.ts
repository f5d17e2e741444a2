/** `lotus daemon` (start the node) and `lotus daemon stop`. */
import { repoPath } from '../../api/repo/fs-repo.ts'
import { FullNodeMethods } from '../../api/full/index.ts'
import { FULLNODE_REPO } from '../../daemon/config.ts'
import { withApi } from '../framework/api.ts'
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'

const daemonStop: Command = {
  name: 'stop',
  usage: 'Stop a running lotus daemon',
  action: (ctx) =>
    withApi(ctx, FULLNODE_REPO, FullNodeMethods, async (api) => {
      await api.Shutdown()
    }),
}

export const daemonCmd: Command = {
  name: 'daemon',
  usage: 'Start a lotus daemon process',
  flags: [
    {
      name: 'api',
      kind: 'string',
      usage: 'the API port (overrides the port of [API] ListenAddress)',
    },
    { name: 'genesis', kind: 'string', usage: 'genesis file to use for first node run' },
    { name: 'lotus-make-genesis', kind: 'string', usage: 'make a genesis CAR at this path', hidden: true },
    { name: 'genesis-template', kind: 'string', usage: 'the genesis template for --lotus-make-genesis', hidden: true },
    {
      name: 'bootstrap',
      kind: 'bool',
      usage: 'connect to bootstrap peers (no networking yet: accepted, ignored)',
      default: true,
    },
  ],
  subcommands: [daemonStop],
  async action(ctx) {
    if (ctx.args.length > 0) throw new CliError(`unknown command '${ctx.args[0]}'`, { showHelp: true })
    const env = { ...ctx.env }
    const port = str(ctx, 'api')
    if (port) {
      if (!/^\d+$/.test(port) || Number(port) > 65535) throw new CliError(`--api: invalid port ${port}`)
      env.LOTUS_API_LISTENADDRESS = `/ip4/127.0.0.1/tcp/${port}/http`
    }
    // Loaded on demand: client commands start faster without the node's modules.
    const { initDaemon } = await import('../../daemon/node.ts')
    // A bug in one request must not take the node down: log it and keep serving.
    process.on('unhandledRejection', (err) =>
      ctx.stderr.write(
        `lotus daemon: unhandled rejection: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      ),
    )
    const makeGenesis = str(ctx, 'lotus-make-genesis')
    const template = str(ctx, 'genesis-template')
    if (makeGenesis && !template) throw new CliError('--lotus-make-genesis needs --genesis-template')
    const genesisCar = str(ctx, 'genesis')
    const node = await initDaemon({
      repoPath: repoPath(FULLNODE_REPO, str(ctx, 'repo') || undefined, ctx.env),
      env,
      genesis: {
        ...(makeGenesis ? { makeGenesis: { out: makeGenesis, template: template! } } : {}),
        ...(genesisCar ? { genesisCar } : {}),
      },
    })
    ctx.stderr.write(`lotus-ts daemon API listening on ${node.apiAddr} (repo ${node.repo.path})\n`)
    const stop = () => void node.close()
    ctx.signal.addEventListener('abort', stop, { once: true })
    await node.closed
    ctx.signal.removeEventListener('abort', stop)
  },
}
