import assert from 'node:assert/strict'
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { openSqlite } from '../../src/db/sql-store.ts'
import { Scheduler } from '../../src/miner/sched/scheduler.ts'
import { TaskFailedError } from '../../src/miner/sched/errors.ts'
import { verifySeal } from '../../src/proofs/porep/verify.ts'
import { proverId } from '../../src/proofs/sdr/replica-id.ts'
import { fromBase64, fromHex } from '../../src/util/bytes.ts'
import { InvalidError } from '../../src/util/errors.ts'
import { LocalWorker } from '../../src/worker/local-worker.ts'
import { sectorPaths } from '../../src/worker/sector-files.ts'
import type { SectorRef } from '../../src/worker/worker.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-worker-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const parentsDir = join(dir, 'parents')

test('a local worker seals a 2 KiB sector through the scheduler: AP, PC1, PC2, C1, C2, FIN', async () => {
  const sched = new Scheduler({ db: openSqlite(':memory:') }, { heartbeatMs: 3_600_000 })
  const w = new LocalWorker({ tasks: ['AP', 'PC1', 'PC2', 'C1', 'C2', 'FIN'], sealDir: join(dir, 'seal'), parentsDir })
  await sched.addWorker(w)
  const sector: SectorRef = { miner: 1000, number: 1, proof: 5 }
  const piece = join(dir, 'piece')
  writeFileSync(piece, Buffer.alloc(1000, 7))
  const ap = (await sched.schedule(sector, 'AP', { pieces: [{ size: 2032, path: piece }] })) as {
    commD: string
    pieces: { pieceCid: string }[]
  }
  assert.equal(ap.pieces.length, 1)
  assert.match(ap.pieces[0]!.pieceCid, /^baga6ea4seaq/)
  const ticket = '11'.repeat(32)
  const seed = '22'.repeat(32)
  const pc1 = (await sched.schedule(sector, 'PC1', { ticket, commD: ap.commD })) as { replicaId: string }
  assert.equal(pc1.replicaId.length, 64)
  const pc2 = (await sched.schedule(sector, 'PC2', {})) as { commD: string; commR: string; sealedCid: string }
  assert.equal(pc2.commD, ap.commD, 'PC2 recomputes the same CommD')
  assert.match(pc2.sealedCid, /^bagboea4b5abc/)
  const c1 = (await sched.schedule(sector, 'C1', { ticket, seed, commD: ap.commD })) as { c1: string }
  const c2 = (await sched.schedule(sector, 'C2', { c1: c1.c1 })) as { proof: string }
  const ok = verifySeal({
    proof: 5,
    commR: fromHex(pc2.commR),
    commD: fromHex(ap.commD),
    proverId: proverId(1000),
    sectorNumber: 1,
    ticket: fromHex(ticket),
    seed: fromHex(seed),
    sealProof: fromBase64(c2.proof),
  })
  assert.equal(ok, true, 'the proof verifies')
  await sched.schedule(sector, 'FIN', {})
  const paths = sectorPaths(join(dir, 'seal'), sector)
  assert.ok(existsSync(paths.sealed))
  assert.ok(!existsSync(join(paths.cache, 'sc-02-data-layer-1.dat')), 'FIN cleared the layers')
  sched.close()
})

test('bad arguments and disabled tasks are refused with clear errors', async () => {
  const sched = new Scheduler({ db: openSqlite(':memory:') }, { heartbeatMs: 3_600_000 })
  const w = new LocalWorker({ tasks: ['AP', 'PC1'], sealDir: join(dir, 'seal2'), parentsDir })
  await sched.addWorker(w)
  const sector: SectorRef = { miner: 1000, number: 2, proof: 5 }
  await sched.schedule(sector, 'AP', { pieces: [{ size: 2032 }] })
  await assert.rejects(
    sched.schedule(sector, 'PC1', { ticket: 'zz' }),
    (e: unknown) => e instanceof TaskFailedError && /ticket must be a hex string|invalid hex/.test(e.message),
  )
  await assert.rejects(sched.schedule(sector, 'AP', { pieces: [] }), /pieces must be a non-empty list/)
  assert.throws(() => new LocalWorker({ tasks: ['RU'], sealDir: dir }), InvalidError)
  await assert.rejects(w.start({ callId: 'x', task: 'PC2', sector, args: {} }), /PC2 is not enabled on this worker/)
  w.setTaskEnabled('PC1', false)
  assert.deepEqual(await w.taskTypes(), ['AP'])
  sched.close()
})

test('a call reports its state and progress until forgotten; abort cancels it', async () => {
  const w = new LocalWorker({ tasks: ['AP', 'PC1'], sealDir: join(dir, 'seal3'), parentsDir })
  const sector: SectorRef = { miner: 1000, number: 4, proof: 5 }
  await w.start({ callId: 'c1', task: 'AP', sector, args: { pieces: [{ size: 2032 }] } })
  await w.start({ callId: 'c1', task: 'AP', sector, args: { pieces: [{ size: 2032 }] } }) // no-op
  const ap = (await w.wait('c1')) as { commD: string }
  assert.deepEqual(
    (await w.calls()).map((c) => [c.callId, c.state, c.progress]),
    [['c1', 'done', 1]],
  )
  await w.forget('c1')
  assert.deepEqual(await w.calls(), [])
  await w.start({ callId: 'c2', task: 'PC1', sector, args: { ticket: '55'.repeat(32), commD: ap.commD } })
  await w.abort('c2')
  await assert.rejects(w.wait('c2'), /PC1 on sector 4/)
  assert.equal((await w.calls())[0]?.state, 'failed')
})

test("a task's missing input files fail it clearly, or are fetched by the SectorFetcher", async () => {
  const sector: SectorRef = { miner: 1000, number: 6, proof: 5 }
  const a = new LocalWorker({ tasks: ['AP'], sealDir: join(dir, 'fa'), parentsDir })
  await a.start({ callId: 'ap', task: 'AP', sector, args: { pieces: [{ size: 2032 }] } })
  const { commD } = (await a.wait('ap')) as { commD: string }
  const pc1 = { task: 'PC1' as const, sector, args: { ticket: '66'.repeat(32), commD } }

  const bare = new LocalWorker({ tasks: ['PC1'], sealDir: join(dir, 'fb'), parentsDir })
  await bare.start({ callId: 'p1', ...pc1 })
  await assert.rejects(bare.wait('p1'), /PC1: sector 6 files missing on this worker: .*unsealed\/s-t01000-6/)

  const fetched: string[] = []
  const withFetch = new LocalWorker(
    { tasks: ['PC1'], sealDir: join(dir, 'fc'), parentsDir },
    {
      fetcher: {
        fetch: async (s, types, into) => {
          for (const t of types) {
            fetched.push(t)
            copyFileSync(sectorPaths(join(dir, 'fa'), s)[t], into[t])
          }
        },
      },
    },
  )
  await withFetch.start({ callId: 'p2', ...pc1 })
  const out = (await withFetch.wait('p2')) as { replicaId: string }
  assert.equal(out.replicaId.length, 64)
  assert.deepEqual(fetched, ['unsealed'])
})
