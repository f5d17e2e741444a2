/**
 * A `lotus-worker` process: a LocalWorker served over the Worker API, registered with its miner. It
 * finds the miner (retrying every second until it answers), listens, calls WorkerConnect with its URL,
 * then checks the miner's Session every `heartbeatMs`: when the miner restarted (a new session) or came
 * back after being unreachable, it registers again; otherwise it repeats WorkerConnect (a no-op for a
 * connected worker) so a miner that dropped it after a missed heartbeat takes it back. Tokens the miner
 * presents are checked with the miner's AuthVerify, so the miner's own admin token is accepted. With attached
 * paths the worker seals in its heaviest seal path, declares each task's files in its index and the miner's,
 * and fetches missing inputs from wherever the miner's index says (with the miner's token).
 */
import { connect } from 'node:net'
import { type Client, createClient } from '../api/client/client.ts'
import { httpTransport } from '../api/client/http-transport.ts'
import { CommonMethods } from '../api/common.ts'
import { SchedMethods } from '../api/miner/sched.ts'
import type { Permission } from '../api/method.ts'
import { tableOf } from '../api/method.ts'
import { createDispatcher } from '../api/server/dispatch.ts'
import { createRpcServer, type RpcServer } from '../api/server/rpc-server.ts'
import { WorkerMethods } from '../api/worker/index.ts'
import { errorMessage } from '../util/errors.ts'
import { REMOTE_PREFIX, remoteHandler } from './paths/http-handler.ts'
import type { LocalStore } from './paths/local.ts'
import { MinerStorageMirrorMethods, mirrorPaths, reportPathHealth, sectorDeclarer } from './paths/mirror.ts'
import { pathsMover, remoteFetcher } from './paths/sector-io.ts'
import type { SectorMover } from './sector-files.ts'
import type { SectorIndex } from './paths/sector-index.ts'
import { type Logger, logger } from '../util/log.ts'
import { workerHandlers } from './handlers.ts'
import { LocalWorker, type LocalWorkerOptions } from './local-worker.ts'

/** What the worker calls on its miner. */
export const MinerForWorkerMethods = tableOf({
  Session: CommonMethods.Session,
  AuthVerify: CommonMethods.AuthVerify,
  WorkerConnect: SchedMethods.WorkerConnect,
})

export const WORKER_BUILD_VERSION = '0.1.0+lotus-ts'
/** Lotus WorkerAPIVersion0 (api/version.go): 1.7.0. */
export const WORKER_API_VERSION = (1 << 16) | (7 << 8)

export interface WorkerNodeOptions extends LocalWorkerOptions {
  /** The miner's API: `http://host:port/rpc/v0` and a token. */
  readonly minerUrl: string
  readonly minerToken: string
  readonly listenHost: string
  readonly listenPort: number
  readonly heartbeatMs?: number
  /**
   * The worker's attached storage paths (`lotus-worker storage attach`): served on `/remote` and mirrored
   * into the miner's sector index. `setUrl` receives the `/remote` URL once the server listens.
   */
  readonly storage?: { readonly index: SectorIndex; readonly local: LocalStore; setUrl(url: string): void }
}

export interface WorkerNode {
  readonly worker: LocalWorker
  readonly url: string
  /** Resolves when registered with the miner the first time. */
  readonly registered: Promise<void>
  close(): Promise<void>
}

type WorkerStorage = NonNullable<WorkerNodeOptions['storage']>

/** The root of the heaviest attached seal path, if any. */
function attachedSealPath(store: WorkerStorage): string | undefined {
  const seal = Object.entries(store.local.local())
    .map(([id, root]) => ({ root, info: store.index.info(id) }))
    .filter((p) => p.info.CanSeal)
    .sort((a, b) => b.info.Weight - a.info.Weight)
  return seal[0]?.root
}

/**
 * FIN's move on a worker: into one of its own store paths when it has one; otherwise the files stay in
 * the seal path for a store-capable worker (the miner's) to take (the scheduler sends FIN there).
 */
function storeMover(store: WorkerStorage, token: string): SectorMover {
  const local = pathsMover({ index: store.index, local: store.local, token })
  return {
    async moveToStore(sector, from, keepUnsealed) {
      const canStore = Object.keys(store.local.local()).some((id) => store.index.info(id).CanStore)
      if (canStore) await local.moveToStore(sector, from, keepUnsealed)
    },
  }
}

/** The local address this host uses to reach `host:port` (Lotus extractRoutableIP). */
function routableIp(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port }, () => {
      const addr = s.localAddress ?? '127.0.0.1'
      s.destroy()
      resolve(addr.replace(/^::ffff:/, ''))
    })
    s.on('error', reject)
  })
}

export async function startWorkerNode(opts: WorkerNodeOptions, log: Logger = logger('worker')): Promise<WorkerNode> {
  const storageTransport = httpTransport({ url: opts.minerUrl, token: opts.minerToken })
  const storageApi = createClient(MinerStorageMirrorMethods, storageTransport)
  const store = opts.storage
  // Seals in the first attached seal path (the repo only without one); files are declared after each task
  // and missing inputs fetched from wherever the miner's index says, with the miner's token.
  const worker = new LocalWorker(
    opts,
    store
      ? {
          sealRoot: () => attachedSealPath(store),
          declarer: sectorDeclarer(store.index, store.local, storageApi),
          fetcher: remoteFetcher({
            find: (s, mask) => storageApi.StorageFindSector(s, mask, 0, false),
            token: opts.minerToken,
            drop: (id, s, mask) => storageApi.StorageDropSector(id, s, mask),
          }),
          mover: storeMover(store, opts.minerToken),
        }
      : {},
  )
  const miner: Client<typeof MinerForWorkerMethods> = createClient(
    MinerForWorkerMethods,
    httpTransport({ url: opts.minerUrl, token: opts.minerToken }),
  )
  const stop = new AbortController()
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms)
      stop.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t)
          r()
        },
        { once: true },
      )
    })

  const server: RpcServer = createRpcServer({
    dispatcher: createDispatcher(
      WorkerMethods,
      workerHandlers({
        worker,
        buildVersion: WORKER_BUILD_VERSION,
        apiVersion: WORKER_API_VERSION,
        paths: () => [
          ...(store && attachedSealPath(store)
            ? []
            : [{ id: 'seal', weight: 10, localPath: opts.sealDir, canSeal: true, canStore: false }]),
          ...Object.entries(opts.storage?.local.local() ?? {}).map(([id, localPath]) => {
            const si = opts.storage!.index.info(id)
            return { id, weight: si.Weight, localPath, canSeal: si.CanSeal, canStore: si.CanStore }
          }),
        ],
        shutdown: () => void close(),
      }),
    ),
    verify: async (token) => (await miner.AuthVerify(token)) as Permission[],
    log,
    routes: opts.storage
      ? {
          [REMOTE_PREFIX]: remoteHandler({
            local: opts.storage.local,
            index: opts.storage.index,
            verify: async (token) => (await miner.AuthVerify(token)) as Permission[],
          }),
        }
      : {},
  })
  const bound = await server.listen(opts.listenHost, opts.listenPort)
  const minerAddr = new URL(opts.minerUrl)
  const host =
    bound.host === '0.0.0.0' || bound.host === '::'
      ? await routableIp(minerAddr.hostname, Number(minerAddr.port || 80))
      : bound.host
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${bound.port}`
  const url = `${base}/rpc/v0`
  opts.storage?.setUrl(`${base}${REMOTE_PREFIX}`)

  let minerSession = ''
  async function register(): Promise<void> {
    for (;;) {
      if (stop.signal.aborted) return
      try {
        const s = await miner.Session()
        await miner.WorkerConnect(url)
        if (opts.storage) await mirrorPaths(opts.storage.index, storageApi)
        minerSession = s
        log.info('registered with the miner', { url, miner: opts.minerUrl })
        return
      } catch (err) {
        log.warn('miner not reachable, retrying', { err: errorMessage(err) })
        await sleep(1000)
      }
    }
  }
  const registered = register()

  const heartbeat = (async () => {
    await registered
    while (!stop.signal.aborted) {
      await sleep(opts.heartbeatMs ?? 10_000)
      if (stop.signal.aborted) return
      const s = await miner.Session().catch(() => '')
      if (s !== minerSession) {
        log.warn('miner restarted or unreachable; registering again', { was: minerSession, now: s })
        await register()
      } else {
        // Idempotent on the miner: brings the worker back if the miner dropped it (a missed heartbeat).
        await miner.WorkerConnect(url).catch((err) => log.warn('re-registration failed', { err: errorMessage(err) }))
        if (opts.storage) {
          opts.storage.local.heartbeat()
          await reportPathHealth(opts.storage.index, storageApi).catch((err) =>
            log.warn('storage health report failed', { err: errorMessage(err) }),
          )
        }
      }
    }
  })()

  let closing: Promise<void> | undefined
  function close(): Promise<void> {
    closing ??= (async () => {
      stop.abort()
      await Promise.allSettled([registered, heartbeat])
      await server.close()
      await storageTransport.close()
    })()
    return closing
  }
  return { worker, url, registered, close }
}
