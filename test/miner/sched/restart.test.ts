import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { Scheduler } from '../../../src/miner/sched/scheduler.ts'
import type { SectorRef } from '../../../src/worker/worker.ts'
import { FakeWorker, settle } from './fake-worker.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-sched-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const sector: SectorRef = { miner: 1000, number: 7, proof: 5 }
const args = { ticket: 'abc' }

test('after a miner restart, a call still running on its worker is re-attached, not run again', async () => {
  const path = join(dir, 'reattach.sqlite')
  const db1 = openSqlite(path)
  const s1 = new Scheduler({ db: db1 }, { heartbeatMs: 3_600_000 })
  const w = new FakeWorker('w', ['PC1'])
  await s1.addWorker(w)
  void s1.schedule(sector, 'PC1', args)
  await w.startedCount(1)
  s1.close()
  db1.close() // the miner dies; the worker keeps computing

  const db2 = openSqlite(path)
  const s2 = new Scheduler({ db: db2 }, { heartbeatMs: 3_600_000, reattachGraceMs: 3_600_000 })
  const again = s2.schedule(sector, 'PC1', args) // the pipeline asks for the same work
  await s2.addWorker(w) // the worker reconnects
  w.finish('PC1', 7, { commR: 'x' })
  assert.deepEqual(await again, { commR: 'x' })
  assert.equal(w.started.length, 1, 'computed once')
  s2.close()
  db2.close()

  // A third run finds the stored result without any worker.
  const db3 = openSqlite(path)
  const s3 = new Scheduler({ db: db3 }, { heartbeatMs: 3_600_000 })
  assert.deepEqual(await s3.schedule(sector, 'PC1', args), { commR: 'x' })
  s3.close()
  db3.close()
})

test('after a restart, a call whose worker does not come back is retried on another worker', async () => {
  const path = join(dir, 'retry.sqlite')
  const db1 = openSqlite(path)
  const s1 = new Scheduler({ db: db1 }, { heartbeatMs: 3_600_000 })
  const gone = new FakeWorker('gone', ['PC1'])
  await s1.addWorker(gone)
  void s1.schedule(sector, 'PC1', args)
  await gone.startedCount(1)
  s1.close()
  db1.close()
  gone.kill()

  const db2 = openSqlite(path)
  const s2 = new Scheduler({ db: db2 }, { heartbeatMs: 3_600_000, reattachGraceMs: 20 })
  const other = new FakeWorker('other', ['PC1'])
  other.auto = () => 'redone'
  await s2.addWorker(other)
  const p = s2.schedule(sector, 'PC1', args)
  assert.equal(await p, 'redone')
  assert.equal(other.started.length, 1)
  assert.equal(s2.calls.unfinished().length, 0)
  s2.close()
  db2.close()
})

test('queued calls survive a restart and run once a worker connects', async () => {
  const path = join(dir, 'queued.sqlite')
  const db1 = openSqlite(path)
  const s1 = new Scheduler({ db: db1 }, { heartbeatMs: 3_600_000 })
  void s1.schedule({ ...sector, number: 1 }, 'AP', {})
  void s1.schedule({ ...sector, number: 2 }, 'AP', {})
  s1.close()
  db1.close()
  const db2 = openSqlite(path)
  const s2 = new Scheduler({ db: db2 }, { heartbeatMs: 3_600_000 })
  assert.equal(s2.queued().length, 2)
  const w = new FakeWorker('w', ['AP'])
  w.auto = () => 'ok'
  await s2.addWorker(w)
  await settle()
  assert.equal(w.started.length, 2)
  assert.equal(s2.calls.unfinished().length, 0)
  s2.close()
  db2.close()
})
