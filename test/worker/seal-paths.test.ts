/**
 * Two lotus-worker nodes with attached seal paths and a miner (scheduler over the sector index, a store
 * path, /remote): one sector's tasks forced onto different workers. Each worker seals in its seal path,
 * declares what it wrote, fetches what it lacks from the other (which then no longer holds it), and FIN
 * leaves sealed + cache in the miner's store path only.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { signToken, verifyToken } from '../../src/api/auth.ts'
import { CommonMethods } from '../../src/api/common.ts'
import { type Permission, tableOf } from '../../src/api/method.ts'
import { SchedMethods } from '../../src/api/miner/sched.ts'
import { StorageMethods } from '../../src/api/miner/storage.ts'
import { createDispatcher } from '../../src/api/server/dispatch.ts'
import { createRpcServer, type RpcServer } from '../../src/api/server/rpc-server.ts'
import { Address } from '../../src/core/address.ts'
import { openSqlite } from '../../src/db/sql-store.ts'
import { indexLocator, workerPaths } from '../../src/miner/sched/index-locator.ts'
import { type MinerSched, startMinerScheduler } from '../../src/miner/sched/setup.ts'
import { FT, sectorPath } from '../../src/worker/paths/filetypes.ts'
import { storageHandlers } from '../../src/worker/paths/handlers.ts'
import { REMOTE_PREFIX, remoteHandler } from '../../src/worker/paths/http-handler.ts'
import { LocalStore } from '../../src/worker/paths/local.ts'
import { newMeta, writeMeta } from '../../src/worker/paths/meta.ts'
import { SectorIndex } from '../../src/worker/paths/sector-index.ts'
import { pathsFetcher, pathsMover } from '../../src/worker/paths/sector-io.ts'
import { StorageConfigFile } from '../../src/worker/paths/storage-config.ts'
import { startWorkerNode, type WorkerNode } from '../../src/worker/node.ts'
import type { TaskType } from '../../src/worker/task-types.ts'

const root = mkdtempSync(join(tmpdir(), 'lotus-ts-seal-paths-'))
const sector = { miner: 1000, number: 3, proof: 5 } // StackedDrg2KiBV1_1
const id = { Miner: 1000, Number: 3 }
const NONE = {
  AllowAddPiece: false,
  AllowPreCommit1: false,
  AllowPreCommit2: false,
  AllowCommit: false,
  AllowUnseal: false,
  AllowReplicaUpdate: false,
  AllowProveReplicaUpdate2: false,
  AllowRegenSectorKey: false,
}

let index: SectorIndex
let server: RpcServer
let sched: MinerSched
let storeId: string
const workers: WorkerNode[] = []
const sealPaths: string[] = []
const workerRepos: string[] = []

/** Starts a worker whose repo has one attached seal path. */
async function startWorker(name: string, tasks: TaskType[], minerUrl: string, token: string): Promise<WorkerNode> {
  const repo = join(root, name)
  const seal = join(repo, 'seal')
  mkdirSync(seal, { recursive: true })
  writeMeta(seal, newMeta({ CanSeal: true }))
  const config = new StorageConfigFile(repo)
  config.update(() => [seal])
  const wIndex = new SectorIndex()
  let url = ''
  const local = new LocalStore({ index: wIndex, config, urls: () => [url] })
  const setUrl = (u: string) => {
    url = u
    local.open()
  }
  const node = await startWorkerNode({
    tasks,
    sealDir: repo,
    minerUrl,
    minerToken: token,
    listenHost: '127.0.0.1',
    listenPort: 0,
    heartbeatMs: 3_600_000,
    storage: { index: wIndex, local, setUrl },
  })
  await node.registered
  sealPaths.push(seal)
  workerRepos.push(repo)
  return node
}

before(async () => {
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const token = await signToken(secret, ['read', 'write', 'sign', 'admin'])
  const verify = async (t: string) => (await verifyToken(secret, t)) as Permission[]
  const minerRepo = join(root, 'miner')
  mkdirSync(minerRepo)
  index = new SectorIndex()
  let remoteUrl = ''
  const local = new LocalStore({ index, config: new StorageConfigFile(minerRepo), urls: () => [remoteUrl] })
  let builtinId = ''
  const pathsOf = workerPaths({
    index,
    localIds: () => Object.keys(local.local()),
    builtinId: () => builtinId,
    workerById: (w) => sched?.sched.workerById(w),
  })
  const io = { index, local, token }
  sched = await startMinerScheduler(
    {
      db: openSqlite(':memory:'),
      workerToken: token,
      locator: indexLocator(index, pathsOf),
      mover: pathsMover(io),
      fetcher: pathsFetcher(io),
    },
    { storage: NONE, sealDir: join(minerRepo, 'sealing'), heartbeatMs: 3_600_000 },
  )
  builtinId = sched.local.sessionId
  sched.local.setTaskEnabled('C1', false) // C1 must run on worker A
  const session = randomUUID()
  server = createRpcServer({
    dispatcher: createDispatcher(
      tableOf({
        Session: CommonMethods.Session,
        AuthVerify: CommonMethods.AuthVerify,
        ...SchedMethods,
        ...StorageMethods,
      }),
      {
        Session: () => session,
        AuthVerify: async (_ctx, t) => verify(t),
        ...sched.handlers,
        ...storageHandlers({ index, local, actor: () => Address.fromId(1000) }),
      },
    ),
    verify,
    routes: { [REMOTE_PREFIX]: remoteHandler({ local, index, verify }) },
  })
  const { port } = await server.listen('127.0.0.1', 0)
  remoteUrl = `http://127.0.0.1:${port}${REMOTE_PREFIX}`
  writeMeta(minerRepo, newMeta({ CanStore: true }))
  local.add(minerRepo)
  local.startHeartbeat(3_600_000)
  storeId = Object.keys(local.local())[0]!
  const minerUrl = `http://127.0.0.1:${port}/rpc/v0`
  workers.push(await startWorker('wa', ['AP', 'PC1', 'C1'], minerUrl, token))
  workers.push(await startWorker('wb', ['PC2', 'C2'], minerUrl, token))
  await sched.sched.checkWorkers()
})

after(async () => {
  for (const w of workers) await w.close()
  sched?.close()
  await server?.close()
  rmSync(root, { recursive: true, force: true })
})

/** Which of the paths hold each file type of the sector, per the miner's index, as `type: [path roots]`. */
function holders(): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const t of ['unsealed', 'sealed', 'cache'] as const) out[t] = index.holders(id, FT[t]).map(name)
  return out
}

/** A storage ID as `store`, `a` or `b` (the worker whose seal path it is). */
function name(sid: string): string {
  if (sid === storeId) return 'store'
  const urls = index.info(sid).URLs
  const w = workers.findIndex((n) => urls.some((u) => u.startsWith(new URL(n.url).origin)))
  return ['a', 'b'][w] ?? sid
}

const file = (i: number, t: 'unsealed' | 'sealed' | 'cache') => existsSync(sectorPath(sealPaths[i]!, t, 1000, 3))

test('a sector sealed across two workers: seal paths, declarations, fetches and the move to the store', async () => {
  const ticket = '11'.repeat(32)
  const ap = (await sched.sched.schedule(sector, 'AP', { pieces: [{ size: 2032 }] })) as { commD: string }
  assert.deepEqual(holders(), { unsealed: ['a'], sealed: [], cache: [] })
  assert.ok(file(0, 'unsealed'), 'AP wrote into the attached seal path')
  assert.equal(existsSync(join(workerRepos[0]!, 'unsealed')), false, 'not into the worker repo')

  await sched.sched.schedule(sector, 'PC1', { ticket, commD: ap.commD })
  assert.deepEqual(holders(), { unsealed: ['a'], sealed: [], cache: ['a'] })

  await sched.sched.schedule(sector, 'PC2', {})
  assert.deepEqual(holders(), { unsealed: ['b'], sealed: ['b'], cache: ['b'] }, 'B fetched unsealed + cache from A')
  assert.ok(!file(0, 'unsealed') && !file(0, 'cache'), "A's copies are gone after the move")

  await sched.sched.schedule(sector, 'C1', { ticket, seed: '22'.repeat(32), commD: ap.commD })
  assert.deepEqual(holders(), { unsealed: ['b'], sealed: ['a'], cache: ['a'] }, 'A fetched sealed + cache from B')

  await sched.sched.schedule(sector, 'FIN', { keepUnsealed: false })
  assert.deepEqual(holders(), { unsealed: ['b'], sealed: ['store'], cache: ['store'] })
  assert.ok(existsSync(sectorPath(join(root, 'miner'), 'sealed', 1000, 3)))
  assert.ok(!file(0, 'sealed') && !file(0, 'cache') && !file(1, 'sealed'))
  const found = index.find(id, FT.sealed | FT.cache, 0, false)
  assert.deepEqual(
    found.map((f) => f.ID),
    [storeId],
  )
})
