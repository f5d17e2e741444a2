/** `lotus-miner run` (start the miner process) and `lotus-miner stop`. */
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { repoPath } from '../../api/repo/fs-repo.ts'
import { loadHostPeerId } from '../../daemon/host-key.ts'
import { MINER_CONFIG_DEFAULTS, MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { join } from 'node:path'
import { loadConfig } from '../../api/repo/config.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { deadlineInfoFromJson, partitionFromJson } from '../../miner/proving/chain-view.ts'
import { errorMessage } from '../../util/errors.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { withMinerAndChain } from './proving-api.ts'
import { type StopVerdict, stopVerdict } from './stop-safety.ts'

export const stopCmd: Command = {
  name: 'stop',
  usage: 'Stop a running lotus miner',
  flags: [
    { name: 'force', kind: 'bool', usage: 'stop even while a deadline holding sectors is open or about to open' },
  ],
  action: async (ctx) => {
    if (!bool(ctx, 'force')) await refuseWhileProving(ctx)
    await withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      await api.Shutdown()
    })
  },
}

/** Throws when stopping now would miss a WindowPoSt (see stop-safety.ts); a miner without a chain may stop. */
async function refuseWhileProving(ctx: CommandContext): Promise<void> {
  const dir = repoPath(MINER_REPO, str(ctx, 'repo') || undefined, ctx.env)
  const margin = loadConfig(join(dir, 'config.toml'), MINER_CONFIG_DEFAULTS, ctx.env).Proving.MaintenanceMarginEpochs
  let verdict: StopVerdict
  try {
    verdict = await withMinerAndChain(ctx, async ({ full, maddr }) => {
      const head = TipSetKey.EMPTY
      const di = deadlineInfoFromJson(await full.StateMinerProvingDeadline(maddr, head))
      const live: number[] = []
      for (let i = 0; i < di.wpostPeriodDeadlines; i++) {
        const parts = (await full.StateMinerPartitions(maddr, BigInt(i), head)) as unknown[]
        live.push(parts.map(partitionFromJson).reduce((n, p) => n + p.live.count, 0))
      }
      return stopVerdict(di, (i) => live[i] ?? 0, margin, (await full.Version()).blockDelay)
    })
  } catch (err) {
    ctx.stderr.write(`could not check the proving deadlines (${errorMessage(err)}); stopping\n`)
    return
  }
  if (!verdict.safe) throw new CliError(verdict.message)
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
