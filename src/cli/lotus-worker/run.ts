/**
 * `lotus-worker run`: starts a worker with the task types its flags enable (Lotus's defaults), registers
 * it with the miner found by MINER_API_INFO (or LOTUS_MINER_PATH), and serves until stopped.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { listenMultiaddr, rpcUrl } from '../../api/client/endpoint.ts'
import { API_FILE, repoPath, TOKEN_FILE } from '../../api/repo/fs-repo.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { EXECUTORS } from '../../worker/executors.ts'
import { LocalStore } from '../../worker/paths/local.ts'
import { SectorIndex } from '../../worker/paths/sector-index.ts'
import { StorageConfigFile } from '../../worker/paths/storage-config.ts'
import { startWorkerNode } from '../../worker/node.ts'
import type { TaskType } from '../../worker/task-types.ts'
import { findApi } from '../framework/api.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { WORKER_REPO } from './repo.ts'

/** Task flags and the task types each enables (Lotus cmd/lotus-worker/main.go). */
const TASK_FLAGS: readonly { flag: string; on: boolean; tasks: TaskType[]; usage: string }[] = [
  { flag: 'addpiece', on: true, tasks: ['AP', 'DC'], usage: 'enable addpiece' },
  { flag: 'precommit1', on: true, tasks: ['PC1'], usage: 'enable precommit1' },
  { flag: 'unseal', on: true, tasks: ['UNS'], usage: 'enable unsealing' },
  { flag: 'precommit2', on: true, tasks: ['PC2'], usage: 'enable precommit2' },
  { flag: 'commit', on: true, tasks: ['C2'], usage: 'enable commit' },
  { flag: 'replica-update', on: true, tasks: ['RU'], usage: 'enable replica update' },
  { flag: 'windowpost', on: false, tasks: ['WDP'], usage: 'enable window post' },
  { flag: 'winningpost', on: false, tasks: ['WNP'], usage: 'enable winning post' },
]
/** Always on for a sealing worker: fetch, C1 and the finalize tasks. */
const ALWAYS: readonly TaskType[] = ['GET', 'C1', 'FIN', 'FUS', 'FRU']

function parseListen(text: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(text)
  const port = Number(m?.[2])
  if (!m || port > 65535) throw new CliError(`--listen: expected host:port, got '${text}'`)
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1') || '0.0.0.0', port }
}

export const runCmd: Command = {
  name: 'run',
  usage: 'Start lotus worker',
  flags: [
    {
      name: 'listen',
      kind: 'string',
      usage: 'host address and port the worker api will listen on',
      default: '0.0.0.0:3456',
      env: ['LOTUS_WORKER_LISTEN'],
    },
    ...TASK_FLAGS.map((f) => ({ name: f.flag, kind: 'bool' as const, usage: `${f.usage} (default: ${f.on})` })),
    {
      name: 'no-default',
      kind: 'bool',
      usage: 'disable all default compute tasks, use the worker for storage/fetching only',
    },
    { name: 'heartbeat', kind: 'int', usage: 'seconds between miner session checks', default: 10, hidden: true },
  ],
  async action(ctx) {
    if (ctx.args.length > 0) throw new CliError(`unknown argument '${ctx.args[0]}'`, { showHelp: true })
    const requested = new Set<TaskType>()
    const post = TASK_FLAGS.filter((f) => f.tasks[0] === 'WDP' || f.tasks[0] === 'WNP')
    const postOn = post.filter((f) => bool(ctx, f.flag))
    if (postOn.length > 1) throw new CliError('a worker does either WindowPoSt or WinningPoSt, not both')
    for (const f of TASK_FLAGS) {
      const explicit = ctx.isSet(f.flag)
      const on = explicit ? bool(ctx, f.flag) : f.on && !bool(ctx, 'no-default') && postOn.length === 0
      if (on) for (const t of f.tasks) requested.add(t)
    }
    if (postOn.length === 0) for (const t of ALWAYS) requested.add(t)
    const tasks = [...requested].filter((t) => EXECUTORS[t])
    const missing = [...requested].filter((t) => !EXECUTORS[t])
    if (postOn.length > 0 && tasks.length === 0) {
      throw new CliError(`--${postOn[0]!.flag}: this worker cannot run ${postOn[0]!.tasks[0]} yet`)
    }
    if (missing.length > 0)
      ctx.stderr.write(`note: task types not implemented by this worker yet: ${missing.join(' ')}\n`)

    const repo = repoPath(WORKER_REPO, str(ctx, 'worker-repo') || undefined, ctx.env)
    mkdirSync(repo, { recursive: true })
    const minerApi = findApi({ ...ctx, flags: { ...ctx.flags, repo: str(ctx, 'miner-repo') } }, MINER_REPO)
    const { host, port } = parseListen(str(ctx, 'listen'))
    // paths from `lotus-worker storage attach`: opened once the /remote URL is known
    const config = new StorageConfigFile(repo)
    let remoteUrl = ''
    const index = new SectorIndex()
    const local = new LocalStore({ index, config, urls: () => [remoteUrl] })
    const storage =
      config.read().StoragePaths.length > 0
        ? {
            index,
            local,
            setUrl: (u: string) => {
              remoteUrl = u
              local.open()
            },
          }
        : undefined
    const node = await startWorkerNode({
      tasks,
      sealDir: repo,
      env: ctx.env,
      minerUrl: rpcUrl(minerApi.addr, 'http', 'v0'),
      minerToken: minerApi.token,
      listenHost: host,
      listenPort: port,
      heartbeatMs: Number(ctx.flags.heartbeat ?? 10) * 1000,
      storage,
    })
    const u = new URL(node.url)
    writeFileSync(join(repo, API_FILE), listenMultiaddr(u.hostname.replace(/^\[(.*)\]$/, '$1'), Number(u.port)))
    writeFileSync(join(repo, TOKEN_FILE), minerApi.token, { mode: 0o600 })
    ctx.stderr.write(`lotus-worker: listening on ${node.url}, tasks: ${tasks.join(' ')}\n`)
    const stop = () => void node.close()
    ctx.signal.addEventListener('abort', stop, { once: true })
    await node.registered
    if (!ctx.signal.aborted) ctx.stderr.write('Worker registered successfully, waiting for tasks\n')
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve()
      ctx.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    await node.close()
  },
}
