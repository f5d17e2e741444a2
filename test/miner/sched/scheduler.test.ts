import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { CallAbortedError, TaskFailedError } from '../../../src/miner/sched/errors.ts'
import { Scheduler, type SchedulerOptions } from '../../../src/miner/sched/scheduler.ts'
import type { SectorLocator } from '../../../src/miner/sched/selectors.ts'
import { parseResourceEnv } from '../../../src/worker/resources.ts'
import type { SectorRef } from '../../../src/worker/worker.ts'
import { FakeWorker, settle } from './fake-worker.ts'

const sector = (n: number): SectorRef => ({ miner: 1000, number: n, proof: 5 })
const newSched = (opts: SchedulerOptions = {}, locator?: SectorLocator) =>
  new Scheduler({ db: openSqlite(':memory:'), locator }, { heartbeatMs: 3_600_000, ...opts })

test('calls start in Lotus order: priority, then task order, then sector number', async () => {
  const s = newSched()
  const w = new FakeWorker('w', ['AP', 'PC1', 'PC2'], { cpus: 1 })
  const ps = [
    s.schedule(sector(1), 'AP', {}),
    s.schedule(sector(2), 'PC1', {}),
    s.schedule(sector(3), 'PC2', {}),
    s.schedule(sector(1), 'PC2', {}),
    s.schedule(sector(9), 'AP', {}, { priority: 10 }),
  ]
  await s.addWorker(w)
  for (let i = 0; i < 5; i++) {
    await w.startedCount(i + 1)
    await settle()
    assert.equal(w.running().length, 1, 'one CPU: one call at a time')
    const c = w.running()[0]!
    c.task === 'AP' ? w.finish('AP', c.sector.number, i) : w.finish(c.task, c.sector.number, i)
  }
  await Promise.all(ps)
  assert.deepEqual(
    w.started.map((c) => `${c.task}:${c.sector.number}`),
    ['AP:9', 'PC2:1', 'PC2:3', 'PC1:2', 'AP:1'],
  )
  s.close()
})

test('a worker never runs more than its memory allows', async () => {
  const s = newSched()
  // PC1 on 2 KiB needs MinMemory 2 KiB + BaseMinMemory 2 KiB: 5 KiB of RAM fits one at a time.
  const w = new FakeWorker('w', ['PC1'], { memPhysical: 5 << 10, cpus: 16 })
  const ps = [1, 2, 3].map((n) => s.schedule(sector(n), 'PC1', { n }))
  await s.addWorker(w)
  for (let i = 1; i <= 3; i++) {
    await w.startedCount(i)
    await settle()
    assert.equal(w.running().length, 1)
    w.finish('PC1', w.running()[0]!.sector.number, 'ok')
  }
  assert.deepEqual(await Promise.all(ps), ['ok', 'ok', 'ok'])
  s.close()
})

test('MAX_CONCURRENT from the env limits a task type per worker', async () => {
  const s = newSched()
  const table = parseResourceEnv({ PC1_2K_MAX_CONCURRENT: '2' })
  const w = new FakeWorker('w', ['PC1'], { cpus: 64, table })
  const ps = [1, 2, 3, 4].map((n) => s.schedule(sector(n), 'PC1', {}))
  await s.addWorker(w)
  await w.startedCount(2)
  await settle()
  assert.equal(w.running().length, 2)
  w.auto = () => 'ok'
  for (const c of w.running()) w.finish('PC1', c.sector.number, 'ok')
  await Promise.all(ps)
  assert.equal(w.started.length, 4)
  s.close()
})

test('the existing-sector selector prefers the worker holding the sector', async () => {
  for (const holder of ['a', 'b']) {
    const locator: SectorLocator = {
      hasSector: async (id) => id === ids[holder],
      canAllocate: async () => true,
    }
    const ids: Record<string, string> = {}
    const s = newSched({}, locator)
    const a = new FakeWorker('a', ['PC1'])
    const b = new FakeWorker('b', ['PC1'])
    a.auto = b.auto = () => 'ok'
    ids.a = await s.addWorker(a)
    ids.b = await s.addWorker(b)
    await s.schedule(sector(5), 'PC1', {})
    assert.equal((holder === 'a' ? a : b).started.length, 1, `holder ${holder} ran it`)
    assert.equal((holder === 'a' ? b : a).started.length, 0)
    s.close()
  }
})

test('utilization packs the big worker, spread shares tasks evenly', async () => {
  const run = async (assigner: 'utilization' | 'spread') => {
    const s = newSched({ assigner })
    const big = new FakeWorker('big', ['AP'], { cpus: 16 })
    const small = new FakeWorker('small', ['AP'], { cpus: 2 })
    await s.addWorker(big)
    await s.addWorker(small)
    const ps = [1, 2, 3, 4].map((n) => s.schedule(sector(n), 'AP', {}))
    await settle()
    const counts = [big.started.length, small.started.length]
    big.auto = small.auto = () => 'ok'
    for (const w of [big, small]) for (const c of w.running()) w.finish('AP', c.sector.number, 'ok')
    await Promise.all(ps)
    s.close()
    return counts
  }
  assert.deepEqual(await run('utilization'), [4, 0])
  assert.deepEqual(await run('spread'), [2, 2])
})

test('a lost worker: waiting calls go back to the queue, running ones are retried elsewhere', async () => {
  const s = newSched()
  const a = new FakeWorker('a', ['PC1'], { cpus: 1 })
  await s.addWorker(a)
  const ps = [1, 2, 3].map((n) => s.schedule(sector(n), 'PC1', { n }))
  await a.startedCount(1)
  await settle()
  assert.equal(a.running().length, 1)
  a.kill()
  await settle()
  assert.equal(s.workers().length, 0, 'the dead worker was dropped')
  assert.equal(s.queued().length, 3)
  const b = new FakeWorker('b', ['PC1'], { cpus: 8 })
  b.auto = (spec) => `b:${spec.sector.number}`
  await s.addWorker(b)
  assert.deepEqual(await Promise.all(ps), ['b:1', 'b:2', 'b:3'])
  const row = s.calls.byWork(s.calls.unfinished()[0]?.workId ?? '')
  assert.equal(row, undefined, 'nothing left unfinished')
  s.close()
})

test('heartbeat: a worker whose session stops answering is dropped', async () => {
  const s = newSched({ heartbeatTimeoutMs: 50 })
  const a = new FakeWorker('a', ['AP'])
  await s.addWorker(a)
  a.session = () => new Promise(() => {}) // hangs
  await s.checkWorkers()
  assert.equal(s.workers().length, 0)
  s.close()
})

test('a task failure rejects with TaskFailedError and the same work can run again', async () => {
  const s = newSched()
  const w = new FakeWorker('w', ['C1'])
  await s.addWorker(w)
  const p = s.schedule(sector(1), 'C1', { x: 1 })
  await w.startedCount(1)
  w.entries.values().next().value!.finish(undefined, new Error('bad ticket'))
  await assert.rejects(p, (e: unknown) => e instanceof TaskFailedError && /bad ticket/.test(e.message))
  w.auto = () => 'second'
  assert.equal(await s.schedule(sector(1), 'C1', { x: 1 }), 'second')
  assert.equal(w.started.length, 2)
  s.close()
})

test('abort: a queued call and a running call reject with CallAbortedError', async () => {
  const s = newSched()
  const queued = s.schedule(sector(1), 'AP', {})
  const id = s.queued()[0]!.spec.callId
  await s.abort(id)
  await assert.rejects(queued, CallAbortedError)
  assert.equal(s.calls.byId(id)?.state, 'aborted')
  const w = new FakeWorker('w', ['AP'])
  await s.addWorker(w)
  const running = s.schedule(sector(2), 'AP', {})
  await w.startedCount(1)
  await s.abort(w.started[0]!.callId)
  await assert.rejects(running, CallAbortedError)
  await assert.rejects(s.abort('nope'), /no active call nope/)
  s.close()
})

test('a worker registering again keeps its running calls (no second run)', async () => {
  const s = newSched()
  const w = new FakeWorker('w', ['PC1'])
  const id = await s.addWorker(w)
  const p = s.schedule(sector(1), 'PC1', {})
  await w.startedCount(1)
  w.tasks = ['PC1', 'AP']
  assert.equal(await s.addWorker(w), id)
  assert.ok(s.handle(id).tasks.has('AP'), 'task types refreshed')
  w.finish('PC1', 1, 'once')
  assert.equal(await p, 'once')
  assert.equal(w.started.length, 1)
  s.close()
})
