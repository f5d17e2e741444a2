import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { createClient } from '../../src/api/client/client.ts'
import { httpTransport } from '../../src/api/client/http-transport.ts'
import { WorkerMethods } from '../../src/api/worker/index.ts'
import { openSqlite } from '../../src/db/sql-store.ts'
import { workIdOf } from '../../src/miner/sched/call-store.ts'
import { startWorkerNode } from '../../src/worker/node.ts'
import { MinerTestMethods, startTestMiner, until } from './test-miner.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-worker-node-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('a worker registers, runs calls for the miner, and registers again after a miner restart', async () => {
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const miner1 = await startTestMiner({ secret })
  const node = await startWorkerNode({
    tasks: ['AP', 'PC1'],
    sealDir: join(dir, 'seal'),
    parentsDir: join(dir, 'parents'),
    minerUrl: `http://127.0.0.1:${miner1.port}/rpc/v0`,
    minerToken: miner1.token,
    listenHost: '127.0.0.1',
    listenPort: 0,
    heartbeatMs: 50,
  })
  try {
    await node.registered
    assert.equal(miner1.sched.workers().length, 1)
    const ap = (await miner1.sched.schedule({ miner: 1000, number: 1, proof: 5 }, 'AP', {
      pieces: [{ size: 2032 }],
    })) as {
      commD: string
    }
    assert.equal(ap.commD.length, 64)

    await miner1.close()
    const miner2 = await startTestMiner({ secret, port: miner1.port })
    try {
      await until(() => miner2.sched.workers().length === 1, 'the worker to register with the restarted miner')
      assert.equal(miner2.sched.workers()[0]!.id, node.worker.sessionId)
    } finally {
      await miner2.close()
    }
  } finally {
    await node.close()
  }
})

test('bad requests to the worker and scheduler APIs get clear errors', async () => {
  const miner = await startTestMiner()
  const node = await startWorkerNode({
    tasks: ['AP'],
    sealDir: join(dir, 'seal2'),
    minerUrl: `http://127.0.0.1:${miner.port}/rpc/v0`,
    minerToken: miner.token,
    listenHost: '127.0.0.1',
    listenPort: 0,
    heartbeatMs: 3_600_000,
  })
  try {
    await node.registered
    const api = createClient(WorkerMethods, httpTransport({ url: node.url, token: miner.token }))
    await assert.rejects(api.TaskEnable('seal/v0/nope'), /unknown task type 'seal\/v0\/nope'/)
    await assert.rejects(api.TaskEnable('seal/v0/replicaupdate'), /RU is not supported by this worker/)
    await assert.rejects(api.WaitCall(randomUUID()), /no call .* on this worker/)
    await assert.rejects(
      api.StartCall({
        callId: randomUUID(),
        task: 'seal/v0/precommit/1',
        sector: { id: { miner: 1, number: 1 }, proofType: 5 },
        args: {},
      }),
      /PC1 is not enabled on this worker/,
    )
    const anon = createClient(WorkerMethods, httpTransport({ url: node.url }))
    await assert.rejects(anon.Info(), /401|permission|token/i)
    assert.deepEqual(Object.keys(await api.TaskTypes()), ['seal/v0/addpiece'])

    const minerApi = createClient(
      MinerTestMethods,
      httpTransport({ url: `http://127.0.0.1:${miner.port}/rpc/v0`, token: miner.token }),
    )
    await assert.rejects(minerApi.WorkerConnect('not a url'), /invalid worker URL 'not a url'/)
    await assert.rejects(minerApi.WorkerConnect('ftp://x/rpc/v0'), /must be http or https/)
    await assert.rejects(minerApi.SealingAbort({ sector: { miner: 1, number: 1 }, id: randomUUID() }), /no active call/)
    const diag = await minerApi.SealingSchedDiag(true)
    assert.deepEqual(diag.requests, [])
    assert.equal(diag.openWindows.length, 2, 'one worker, two open windows')
  } finally {
    await node.close()
    await miner.close()
  }
})

test('a miner restarted mid-call re-attaches to the call still running on its worker', async () => {
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const dbPath = join(dir, 'miner.sqlite')
  const db1 = openSqlite(dbPath)
  const miner1 = await startTestMiner({ secret, db: db1 })
  const node = await startWorkerNode({
    tasks: ['AP'],
    sealDir: join(dir, 'seal3'),
    minerUrl: `http://127.0.0.1:${miner1.port}/rpc/v0`,
    minerToken: miner1.token,
    listenHost: '127.0.0.1',
    listenPort: 0,
    heartbeatMs: 50,
  })
  const fifo = join(dir, 'restart.fifo')
  execFileSync('mkfifo', [fifo])
  const sector = { miner: 1000, number: 9, proof: 5 }
  const args = { pieces: [{ size: 2032, path: fifo }] }
  try {
    await node.registered
    void miner1.sched.schedule(sector, 'AP', args).catch(() => undefined)
    await until(() => node.worker.runningCount === 1, 'the AP to start on the worker')
    await miner1.close() // the miner goes away mid-call
    db1.close()

    const db2 = openSqlite(dbPath)
    const miner2 = await startTestMiner({ secret, port: miner1.port, db: db2 })
    try {
      const again = miner2.sched.schedule(sector, 'AP', args) // the pipeline asks for the same work
      await until(() => miner2.sched.workers().length === 1, 'the worker to register again')
      await writeFile(fifo, Buffer.alloc(2032, 5))
      const r = (await again) as { commD: string }
      assert.equal(r.commD.length, 64)
      const row = miner2.sched.calls.byWork(workIdOf('AP', sector, args))
      assert.equal(row?.state, 'done')
      assert.equal(row?.attempts, 1, 'started once, re-attached after the restart')
    } finally {
      await miner2.close()
      db2.close()
    }
  } finally {
    await node.close()
  }
})

test('a worker the miner dropped (missed heartbeat) comes back by itself', async () => {
  const miner = await startTestMiner()
  const node = await startWorkerNode({
    tasks: ['AP'],
    sealDir: join(dir, 'seal4'),
    minerUrl: `http://127.0.0.1:${miner.port}/rpc/v0`,
    minerToken: miner.token,
    listenHost: '127.0.0.1',
    listenPort: 0,
    heartbeatMs: 50,
  })
  try {
    await node.registered
    miner.sched.removeWorker(node.worker.sessionId, 'test: missed heartbeat')
    assert.equal(miner.sched.workers().length, 0)
    await until(() => miner.sched.workers().length === 1, 'the worker to be taken back')
  } finally {
    await node.close()
    await miner.close()
  }
})
