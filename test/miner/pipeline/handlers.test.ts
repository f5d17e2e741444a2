import assert from 'node:assert/strict'
import { Readable, Writable } from 'node:stream'
import { after, before, test } from 'node:test'
import { signToken, verifyToken } from '../../../src/api/auth.ts'
import { createClient } from '../../../src/api/client/client.ts'
import { httpTransport } from '../../../src/api/client/http-transport.ts'
import { SectorsMethods } from '../../../src/api/miner/sectors.ts'
import { RpcError } from '../../../src/api/rpc-error.ts'
import { minerApp } from '../../../src/cli/lotus-miner/app.ts'
import { runApp } from '../../../src/cli/framework/run.ts'
import { createDispatcher } from '../../../src/api/server/dispatch.ts'
import { createRpcServer, type RpcServer } from '../../../src/api/server/rpc-server.ts'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { sectorsHandlers } from '../../../src/miner/pipeline/handlers.ts'
import { SealingPipeline } from '../../../src/miner/pipeline/pipeline.ts'
import { MINER_CONFIG_DEFAULTS } from '../../../src/miner/repo/config.ts'
import type { SectorRef } from '../../../src/worker/worker.ts'
import { FakeChain, MADDR } from './fake-chain.ts'
import { POLICY, waitState } from './harness.ts'

const secret = new Uint8Array(32).fill(3)
const chain = new FakeChain()
const db = openSqlite(':memory:')
const removed: SectorRef[] = []
// Sealing work that never finishes: the sectors stay where the API moves them.
const pipeline = new SealingPipeline(
  {
    db,
    api: chain.api,
    sched: { schedule: () => new Promise(() => undefined) },
    removeFiles: async (s) => void removed.push(s),
  },
  { maddr: MADDR, addresses: MINER_CONFIG_DEFAULTS.Addresses, policy: POLICY },
)
let server: RpcServer
let url = ''

before(async () => {
  const handlers = sectorsHandlers(
    () => pipeline,
    () => chain.api,
    'unused',
  )
  server = createRpcServer({
    dispatcher: createDispatcher(SectorsMethods, handlers),
    verify: (t) => verifyToken(secret, t),
  })
  url = `http://127.0.0.1:${(await server.listen('127.0.0.1', 0)).port}/rpc/v0`
})
after(async () => {
  await pipeline.close()
  await server.close()
  chain.close()
  db.close()
})

const client = async (perms: ('read' | 'write' | 'sign' | 'admin')[]) =>
  createClient(SectorsMethods, httpTransport({ url, token: await signToken(secret, perms) }))

test('pledge, list, summary and status over JSON-RPC', async () => {
  const api = await client(['read', 'write', 'sign', 'admin'])
  assert.deepEqual(await api.PledgeSector(), { Miner: 1000, Number: 0 })
  assert.deepEqual(await api.PledgeSector(), { Miner: 1000, Number: 1 })
  assert.deepEqual(await api.SectorsList(), [0, 1])
  assert.deepEqual(await api.SectorsSummary(), { Packing: 2 })
  const st = await api.SectorsStatus(1, false)
  assert.equal(st.SectorID, 1)
  assert.equal(st.State, 'Packing')
  assert.equal(st.CommR, null)
  assert.equal(st.SealProof, 5, 'the V1_1 proof of the 2 KiB sectors the miner has on chain')
  assert.deepEqual(
    st.Log.map((l) => [l.Kind, l.Message]),
    [['event;sealing.SectorStartCC', 'pledged']],
  )
  chain.sectors.set(1, { activation: 120, expiration: 5000, pledge: 7000n })
  const onChain = await api.SectorsStatus(1, true)
  assert.equal(onChain.Activation, 120)
  assert.equal(onChain.Expiration, 5000)
  assert.equal(onChain.InitialPledge, 7000n)
})

test('update-state and remove move a sector; removal deletes its files and keeps the row', async () => {
  const api = await client(['read', 'write', 'sign', 'admin'])
  await api.SectorsUpdate(1, 'FailedUnrecoverable')
  assert.equal((await api.SectorsStatus(1, false)).State, 'FailedUnrecoverable')
  await api.SectorRemove(0)
  await waitState(pipeline, 0, 'Removed')
  assert.deepEqual(removed, [{ miner: 1000, number: 0, proof: 5 }])
  assert.deepEqual(await api.SectorsListInStates(['Removed']), [0])
  assert.deepEqual(await api.SectorsSummary(), { Removed: 1, FailedUnrecoverable: 1 })
  const kinds = (await api.SectorsStatus(0, false)).Log.map((l) => l.Kind)
  assert.deepEqual(kinds, ['event;sealing.SectorStartCC', 'event;sealing.SectorRemove', 'event;sealing.SectorRemoved'])
})

test('bad requests get errors that name the problem', async () => {
  const api = await client(['read', 'write', 'sign', 'admin'])
  await assert.rejects(api.SectorsStatus(99, false), /sector 99 not found/)
  await assert.rejects(api.SectorsUpdate(99, 'Proving'), /sector 99 not found/)
  await assert.rejects(api.SectorsUpdate(1, 'Provng'), /unknown sector state "Provng" \(known: WaitDeals, Packing/)
  await assert.rejects(api.SectorsListInStates(['Proving', 'Nope']), /unknown sector state "Nope"/)
  await assert.rejects(api.SectorRemove(42), /sector 42 not found/)
  const reader = await client(['read'])
  await assert.rejects(reader.SectorsUpdate(1, 'Proving'), (e: unknown) => {
    assert.ok(e instanceof RpcError)
    assert.equal(e.message, "missing permission to invoke 'SectorsUpdate' (need 'admin')")
    return true
  })
  const none = sectorsHandlers(
    () => undefined,
    () => undefined,
    'the miner needs FULLNODE_API_INFO',
  )
  assert.throws(() => none.SectorsList({} as never), /sealing pipeline not running: the miner needs FULLNODE_API_INFO/)
})

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const sink = (into: string[]) =>
    new Writable({
      write: (c, _e, cb) => {
        into.push(String(c))
        cb()
      },
    })
  const token = await signToken(secret, ['read', 'write', 'sign', 'admin'])
  const port = new URL(url).port
  const code = await runApp(minerApp, args, {
    stdout: sink(out),
    stderr: sink(err),
    stdin: Readable.from([]),
    env: { MINER_API_INFO: `${token}:/ip4/127.0.0.1/tcp/${port}/http` },
    signal: new AbortController().signal,
  })
  return { code, out: out.join(''), err: err.join('') }
}

test('lotus-miner sectors commands over the API', async () => {
  const pledged = await cli(['sectors', 'pledge'])
  assert.equal(pledged.out, 'Created CC sector:  2\n')
  const list = await cli(['sectors', 'list', '--fast', '--show-removed'])
  assert.deepEqual(
    list.out.split('\n').map((l) => l.trimEnd()),
    [
      'ID  State                OnChain  Active  Deals',
      '0   Removed              NO       NO      CC',
      '1   FailedUnrecoverable  NO       NO      CC',
      '2   Packing              NO       NO      CC',
      '',
    ],
  )
  assert.ok(!(await cli(['sectors', 'list', '--fast'])).out.includes('Removed'), 'removed sectors hidden by default')
  const st = await cli(['sectors', 'status', '--log', '2'])
  assert.match(st.out, /^SectorID:\t2\nStatus:\t\tPacking\n/)
  assert.match(st.out, /Event Log:\n0\.\t.* UTC:\t\[event;sealing\.SectorStartCC\]\tpledged\n/)
  const refused = await cli(['sectors', 'update-state', '2', 'Proving'])
  assert.equal(refused.code, 1)
  assert.match(refused.err, /this is a command for advanced users/)
  const bad = await cli(['sectors', 'status', 'abc'])
  assert.equal(bad.code, 1)
  assert.match(bad.err, /could not parse sector number: "abc"/)
  const unknown = await cli(['sectors', 'status', '77'])
  assert.match(unknown.err, /sector 77 not found/)
  assert.equal((await cli(['sectors', 'update-state', '--really-do-it', '2', 'PreCommit1'])).code, 0)
  // Forced into PreCommit1 without a ticket, the step fails into SealPreCommit1Failed, saying why.
  await waitState(pipeline, 2, 'SealPreCommit1Failed')
  assert.match(pipeline.store.get(2).lastErr, /sector 2 in PreCommit1 has no ticketEpoch/)
})

test('pledging stops at [Sealing] MaxSealingSectors', async () => {
  const db2 = openSqlite(':memory:')
  const limited = new SealingPipeline(
    { db: db2, api: chain.api, sched: { schedule: () => new Promise(() => undefined) }, removeFiles: async () => {} },
    { maddr: MADDR, addresses: MINER_CONFIG_DEFAULTS.Addresses, policy: POLICY, maxSealingSectors: 2 },
  )
  await limited.pledge()
  await limited.pledge()
  await assert.rejects(limited.pledge(), /too many sectors sealing \(curSealing: 2, max: 2\)/)
  limited.forceState(0, 'Proving')
  assert.equal((await limited.pledge()).number, 2, 'a proving sector frees a place')
  await limited.close()
  db2.close()
})
