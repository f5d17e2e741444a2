import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { builtinTasks, startMinerScheduler } from '../../../src/miner/sched/setup.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-sched-setup-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const ALL_ON = {
  AllowAddPiece: true,
  AllowPreCommit1: true,
  AllowPreCommit2: true,
  AllowCommit: true,
  AllowUnseal: true,
  AllowReplicaUpdate: true,
  AllowProveReplicaUpdate2: true,
  AllowRegenSectorKey: true,
}

test('the built-in worker takes the tasks [Storage] allows (those it implements)', () => {
  assert.deepEqual(builtinTasks(ALL_ON).sort(), ['AP', 'C1', 'C2', 'FIN', 'PC1', 'PC2'])
  assert.deepEqual(builtinTasks({ ...ALL_ON, AllowAddPiece: false, AllowPreCommit1: false }).sort(), [
    'C1',
    'C2',
    'FIN',
    'PC2',
  ])
})

test('startMinerScheduler connects the built-in worker and honours the assigner setting', async () => {
  const m = await startMinerScheduler(
    { db: openSqlite(':memory:'), workerToken: 't' },
    { storage: { ...ALL_ON, Assigner: 'spread' }, sealDir: join(dir, 'seal'), env: {}, heartbeatMs: 3_600_000 },
  )
  assert.equal(m.sched.workers().length, 1)
  assert.equal(m.sched.workers()[0]!.id, m.local.sessionId)
  const ap = (await m.sched.schedule({ miner: 1000, number: 3, proof: 5 }, 'AP', { pieces: [{ size: 2032 }] })) as {
    commD: string
  }
  // CommD of an all-zero 2 KiB sector.
  assert.equal(ap.commD, 'fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833')
  m.close()
  await assert.rejects(
    startMinerScheduler(
      { db: openSqlite(':memory:'), workerToken: 't' },
      { storage: { ...ALL_ON, Assigner: 'random' }, sealDir: join(dir, 'seal2'), env: {} },
    ),
    /LOTUS_SCHED_ASSIGNER='random'/,
  )
})
