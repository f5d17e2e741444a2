/** A miner endpoint for worker tests: Session, AuthVerify and the scheduler methods over a real Scheduler. */
import { randomUUID } from 'node:crypto'
import { signToken, verifyToken } from '../../src/api/auth.ts'
import { CommonMethods } from '../../src/api/common.ts'
import { SchedMethods } from '../../src/api/miner/sched.ts'
import { type Permission, tableOf } from '../../src/api/method.ts'
import { createDispatcher } from '../../src/api/server/dispatch.ts'
import { createRpcServer, type RpcServer } from '../../src/api/server/rpc-server.ts'
import type { SqlStore } from '../../src/db/sql-store.ts'
import { openSqlite } from '../../src/db/sql-store.ts'
import { schedHandlers } from '../../src/miner/sched/handlers.ts'
import { Scheduler } from '../../src/miner/sched/scheduler.ts'

export const MinerTestMethods = tableOf({
  Session: CommonMethods.Session,
  AuthVerify: CommonMethods.AuthVerify,
  ...SchedMethods,
})

export interface TestMiner {
  readonly sched: Scheduler
  readonly server: RpcServer
  readonly token: string
  readonly port: number
  /** `TOKEN:MULTIADDR` for MINER_API_INFO. */
  readonly apiInfo: string
  close(): Promise<void>
}

/** Starts a miner endpoint on 127.0.0.1 (`port` 0 for any); the same `secret` keeps tokens valid across restarts. */
export async function startTestMiner(
  opts: { secret?: Uint8Array; port?: number; db?: SqlStore } = {},
): Promise<TestMiner> {
  const secret = opts.secret ?? crypto.getRandomValues(new Uint8Array(32))
  const token = await signToken(secret, ['read', 'write', 'sign', 'admin'])
  const sched = new Scheduler({ db: opts.db ?? openSqlite(':memory:') }, { heartbeatMs: 3_600_000 })
  const session = randomUUID()
  const server = createRpcServer({
    dispatcher: createDispatcher(MinerTestMethods, {
      Session: () => session,
      AuthVerify: async (_ctx, t) => (await verifyToken(secret, t)) as Permission[],
      ...schedHandlers({ sched, workerToken: token }),
    }),
    verify: (t) => verifyToken(secret, t),
  })
  const { port } = await server.listen('127.0.0.1', opts.port ?? 0)
  return {
    sched,
    server,
    token,
    port,
    apiInfo: `${token}:/ip4/127.0.0.1/tcp/${port}/http`,
    close: async () => {
      sched.close()
      await server.close()
    },
  }
}

/** Polls `cond` (a guard against hanging, not a timing assertion). */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
