/**
 * The miner's composition root: `initMiner(opts)` opens and locks the repo (`LOTUS_MINER_PATH`), loads
 * the API secret, checks the daemon is reachable when `FULLNODE_API_INFO` is set, builds the sector index
 * and the local storage paths (from storage.json), serves the StorageMiner API and `/remote`, and writes
 * the `api` and `token` files, and starts the scheduler with the built-in worker on the miner's SQL
 * store, `<repo>/metadata.sqlite` (Lotus calls the miner's metadata store `metadata`). `close()` tears
 * down in reverse. With a daemon and an actor it also produces blocks (mining/setup.ts). The sealing pipeline
 * and proving join here later.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { cachedVerifier, signToken, verifyToken } from '../api/auth.ts'
import { listenMultiaddr } from '../api/client/endpoint.ts'
import type { CommonMethods } from '../api/common.ts'
import { MINER_API_VERSION, StorageMinerMethods } from '../api/miner/index.ts'
import { ALL_PERMISSIONS, type Permission } from '../api/method.ts'
import { apiSecret, parseListen } from '../api/repo/api-secret.ts'
import { LockedRepo } from '../api/repo/fs-repo.ts'
import { createDispatcher, type Handlers } from '../api/server/dispatch.ts'
import type { RpcServerOptions } from '../api/server/limits.ts'
import { createRpcServer } from '../api/server/rpc-server.ts'
import { setCurrentNetwork } from '../core/address.ts'
import type { NetworkProfile } from '../params/profile.ts'
import { devnetFromEnv } from '../params/profiles.ts'
import { InvalidError } from '../util/errors.ts'
import { Lifecycle } from '../util/lifecycle.ts'
import { LogLevel, listLogSubsystems, logger, setLogLevel } from '../util/log.ts'
import { FsKeyStore, type KeyStore } from '../wallet/keystore.ts'
import { storageHandlers } from '../worker/paths/handlers.ts'
import { REMOTE_PREFIX, remoteHandler } from '../worker/paths/http-handler.ts'
import { LocalStore } from '../worker/paths/local.ts'
import { SectorIndex } from '../worker/paths/sector-index.ts'
import { openSqlite } from '../db/sql-store.ts'
import { pathsFetcher, pathsMover } from '../worker/paths/sector-io.ts'
import { backupHandlers } from './backup/handlers.ts'
import { startMining } from './mining/setup.ts'
import { sectorsHandlers } from './pipeline/handlers.ts'
import type { SealingPipeline } from './pipeline/pipeline.ts'
import { startPipelineFor } from './pipeline/setup.ts'
import { provingHandlers } from './proving/handlers.ts'
import { localFiles, type ProvingTracker, startProvingFor } from './proving/index.ts'
import { connectDaemon, type FullNodeClient } from './daemon-client.ts'
import { readActor } from './repo/actor.ts'
import { indexLocator, workerPaths } from './sched/index-locator.ts'
import type { SchedulerOptions } from './sched/scheduler-core.ts'
import { type MinerSched, startMinerScheduler } from './sched/setup.ts'
import { METADATA_DB_FILE, MINER_BUILD_VERSION, MINER_REPO, type MinerConfig } from './repo/config.ts'
import { StorageConfigFile } from '../worker/paths/storage-config.ts'
import { untilAborted } from '../util/abort.ts'

export interface MinerOptions {
  /** The repo directory (already resolved from --miner-repo / LOTUS_MINER_PATH). */
  readonly repoPath: string
  /** Env for config overrides and FULLNODE_API_INFO. Default: process.env. */
  readonly env?: NodeJS.ProcessEnv
  readonly rpc?: RpcServerOptions
  /** Network profile (address prefix, block delay). Default: devnet. */
  readonly profile?: NetworkProfile
  /** Interval of the storage paths' health reports (default 10 s, as Lotus). */
  readonly heartbeatMs?: number
  /** Scheduler timing; heartbeats also from `LOTUS_SCHED_HEARTBEAT_MS` / `LOTUS_SCHED_HEARTBEAT_TIMEOUT_MS`. */
  readonly sched?: Omit<SchedulerOptions, 'assigner'>
}

export interface MinerDeps {
  /** The libp2p peer ID from the keystore's host key (the CLI passes the daemon's loader). */
  readonly peerId: (keystore: KeyStore) => string
}

export interface Miner {
  readonly repo: LockedRepo<MinerConfig>
  readonly apiAddr: string
  readonly index: SectorIndex
  readonly local: LocalStore
  readonly sched: MinerSched
  /** The daemon's FullNode API; undefined when FULLNODE_API_INFO is not set. */
  readonly fullNode: FullNodeClient | undefined
  /** The sealing pipeline; undefined without a daemon, an actor or `[Subsystems] EnableSealing`. */
  readonly pipeline: SealingPipeline | undefined
  readonly signal: AbortSignal
  readonly closed: Promise<void>
  close(): Promise<void>
}

const log = logger('miner')

export async function initMiner(opts: MinerOptions, deps: MinerDeps): Promise<Miner> {
  const env = opts.env ?? process.env
  const profile = opts.profile ?? devnetFromEnv(env)
  setCurrentNetwork(profile.addressNetwork)
  const life = new Lifecycle('miner', log)

  const repo = LockedRepo.open(opts.repoPath, MINER_REPO, env)
  life.defer(() => repo.close())
  try {
    const listen = parseListen(repo.config.API.ListenAddress)
    const daemon = env.FULLNODE_API_INFO ? await connectDaemon(env.FULLNODE_API_INFO) : undefined
    if (daemon) life.defer(() => daemon.close())
    const keystore = new FsKeyStore(repo.keystorePath)
    const secret = await apiSecret(keystore, repo)
    const verify = cachedVerifier(secret)
    const peerId = deps.peerId(keystore)
    const session = randomUUID()
    const startTime = new Date()

    let remoteUrl = ''
    const index = new SectorIndex()
    const local = new LocalStore({ index, config: new StorageConfigFile(repo.path), urls: () => [remoteUrl] })

    const common: Handlers<typeof CommonMethods> = {
      Version: (ctx) => ({
        version: MINER_BUILD_VERSION,
        apiVersion: MINER_API_VERSION[ctx.version],
        blockDelay: profile.blockDelaySecs,
        agent: 'lotus-ts-miner',
      }),
      Session: () => session,
      ID: () => peerId,
      StartTime: () => startTime,
      Shutdown: () => {
        setImmediate(() => void life.close())
        return undefined
      },
      Closing: (ctx) => untilAborted([life.signal, ctx.signal]),
      AuthVerify: async (_ctx, token) => (await verifyToken(secret, token)) as Permission[],
      AuthNew: async (_ctx, perms) => new TextEncoder().encode(await signToken(secret, perms)),
      LogList: () => listLogSubsystems(),
      LogSetLevel: (_ctx, subsystem, level) => {
        if (!Object.hasOwn(LogLevel, level))
          throw new InvalidError(`unknown log level ${JSON.stringify(level)} (expected debug, info, warn, error)`)
        setLogLevel(level as LogLevel, subsystem)
        return undefined
      },
    }
    const db = openSqlite(join(repo.path, METADATA_DB_FILE))
    life.defer(() => db.close())
    const token = await signToken(secret, ALL_PERMISSIONS)
    const io = { index, local, token }
    let builtinId = ''
    let schedRef: MinerSched | undefined
    const pathsOf = workerPaths({
      index,
      localIds: () => Object.keys(local.local()),
      builtinId: () => builtinId,
      workerById: (id) => schedRef?.sched.workerById(id),
    })
    const sched = await startMinerScheduler(
      {
        db,
        workerToken: token,
        locator: indexLocator(index, pathsOf),
        mover: pathsMover(io),
        fetcher: pathsFetcher(io),
      },
      {
        ...schedTiming(env),
        ...opts.sched,
        storage: repo.config.Storage,
        sealDir: join(repo.path, 'sealing'),
        env,
      },
    )
    builtinId = sched.local.sessionId
    schedRef = sched
    life.defer(() => sched.close())
    let proving: ProvingTracker | undefined
    let pipeline: SealingPipeline | undefined
    const handlers = {
      ...common,
      ...sectorsHandlers(
        () => pipeline,
        () => daemon?.api,
        'the miner needs FULLNODE_API_INFO, an actor (lotus-miner init) and [Subsystems] EnableSealing',
      ),
      ...provingHandlers(
        () => proving,
        localFiles(local),
        () => repo.config.Addresses,
      ),
      ...storageHandlers({ index, local, actor: () => readActor(repo.path) }),
      ...sched.handlers,
      ...backupHandlers({ repoPath: repo.path }, { env }),
    }
    const server = createRpcServer(
      {
        dispatcher: createDispatcher(StorageMinerMethods, handlers),
        verify,
        routes: { [REMOTE_PREFIX]: remoteHandler({ local, index, verify }) },
      },
      opts.rpc,
    )
    const bound = await server.listen(listen.host, listen.port)
    life.defer(() => server.close())
    const remote = listen.port === 0 ? `${bound.host}:${bound.port}` : repo.config.API.RemoteListenAddress
    remoteUrl = `http://${remote}${REMOTE_PREFIX}`
    local.open()
    local.startHeartbeat(opts.heartbeatMs)
    life.defer(() => local.stop())
    if (daemon) {
      const mining = await startMining(
        { api: daemon.api, repoPath: repo.path, config: repo.config, local, signal: life.signal, sched: sched.sched },
        { profile },
      )
      if (mining) life.defer(() => mining.stop())
      const tracker = startProvingFor({
        api: daemon.api,
        repoPath: repo.path,
        db,
        local,
        sched: sched.sched,
        config: repo.config,
        blockDelaySecs: profile.blockDelaySecs,
      })
      if (tracker) life.defer(() => tracker.close())
      proving = tracker
      const sealing = startPipelineFor(
        {
          api: daemon.api,
          repoPath: repo.path,
          db,
          sched: sched.sched,
          local,
          index,
          token,
          config: repo.config,
          sealDir: join(repo.path, 'sealing'),
        },
        { profile },
      )
      if (sealing) life.defer(() => sealing.close())
      pipeline = sealing
    }
    const apiAddr = listenMultiaddr(bound.host, bound.port)
    repo.setApiEndpoint(apiAddr)
    log.info('API listening', { addr: apiAddr, repo: repo.path })
    return {
      repo,
      apiAddr,
      index,
      local,
      sched,
      fullNode: daemon?.api,
      pipeline,
      signal: life.signal,
      closed: life.closed,
      close: life.close,
    }
  } catch (err) {
    await life.unwind()
    throw err
  }
}

/** Scheduler heartbeat timing from the environment (tests shorten it); unset keys keep the defaults. */
function schedTiming(env: NodeJS.ProcessEnv): Pick<SchedulerOptions, 'heartbeatMs' | 'heartbeatTimeoutMs'> {
  const ms = (name: string): number | undefined => {
    const v = env[name]
    if (v === undefined || v === '') return undefined
    const n = Number(v)
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new InvalidError(`${name}=${JSON.stringify(v)}: expected a positive integer of milliseconds`)
    return n
  }
  const out: { heartbeatMs?: number; heartbeatTimeoutMs?: number } = {}
  const hb = ms('LOTUS_SCHED_HEARTBEAT_MS')
  const to = ms('LOTUS_SCHED_HEARTBEAT_TIMEOUT_MS')
  if (hb !== undefined) out.heartbeatMs = hb
  if (to !== undefined) out.heartbeatTimeoutMs = to
  return out
}
