/**
 * The tracker over a sequence of heads against the daemon stand-in: one SubmitWindowedPoSt per deadline,
 * sent from the PoSt control address with valid params; faults and recoveries declared for the deadline two
 * ahead; steps persisted in SQL so that a restarted tracker neither sends again nor forgets.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { localWindowPoSt } from '../../../src/miner/proving/compute.ts'
import { MinerMethod } from '../../../src/miner/proving/messages.ts'
import { ProvingStore } from '../../../src/miner/proving/store.ts'
import { ProvingTracker } from '../../../src/miner/proving/tracker.ts'
import { MINER_CONFIG_DEFAULTS } from '../../../src/miner/repo/config.ts'
import {
  DeclareFaultsParamsCodec,
  DeclareFaultsRecoveredParamsCodec,
  SubmitWindowedPoStParamsCodec,
} from '../../../src/params/miner-post-params.ts'
import { type LogLevel, setLogLevel } from '../../../src/util/log.ts'
import {
  CONTROL,
  copyOf,
  dirLocator,
  FakeDaemon,
  infoAt,
  MINER,
  type Sealed,
  sealedSectors,
  WORKER,
} from './fixture.ts'

let s: Sealed
const dirs: string[] = []
before(async () => {
  setLogLevel('error' as LogLevel)
  s = await sealedSectors()
})
after(() => {
  for (const d of [...dirs, s?.dir]) if (d) rmSync(d, { recursive: true, force: true })
})

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'lotus-ts-tracker-'))
  dirs.push(d)
  return d
}

function tracker(d: FakeDaemon, db: ReturnType<typeof openSqlite>, sectorsDir: string) {
  return new ProvingTracker({
    api: d.api,
    miner: MINER,
    store: new ProvingStore(db),
    locate: dirLocator(sectorsDir),
    compute: localWindowPoSt,
    config: MINER_CONFIG_DEFAULTS,
  })
}

async function runHeads(t: ProvingTracker, d: FakeDaemon, from: number, to: number): Promise<void> {
  for (let h = from; h <= to; h++) {
    d.height = h
    await t.tick()
  }
}

describe('proving tracker', () => {
  it('submits each deadline once from the PoSt control address, and a restart does not send again', async () => {
    const d = new FakeDaemon(s)
    d.controls = [CONTROL]
    const dl5 = infoAt(53) // deadline 5 opens at 53
    d.deadlines.set(5, [{ sectors: [0, 1] }, { sectors: [2] }])
    const db = openSqlite(join(tmp(), 'metadata.sqlite'))
    const t1 = tracker(d, db, s.dir)
    await runHeads(t1, d, 48, 58)
    await t1.close()
    const posts = d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec)
    assert.equal(posts.length, 1)
    const p = posts[0]!
    assert.equal(p.msg.from.toString(), CONTROL.toString())
    assert.equal(p.msg.to.toString(), MINER.toString())
    assert.equal(p.params.deadline, 5)
    assert.equal(p.params.chainCommitEpoch, dl5.open)
    assert.deepEqual(
      p.params.partitions.map((x) => x.index),
      [0, 1],
    )
    assert.equal(p.params.proofs.length, 1)
    assert.ok(d.pushed.indexOf(p.msg) >= 0)
    const store = new ProvingStore(db)
    assert.equal(store.get('submit', { index: 5, open: 53 })?.state, 'done')
    assert.equal(store.get('submit', { index: 5, open: 53 })?.detail.proven, 3)

    // Restart at the same deadline: nothing is sent again.
    const before = d.pushed.length
    const t2 = tracker(d, db, s.dir)
    await runHeads(t2, d, 58, 62)
    await t2.close()
    assert.equal(d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec).length, 1)
    assert.equal(d.pushed.length, before)
    db.close()
  })

  it('a restart after the proof was computed but not sent computes it again and sends it in time', async () => {
    const d = new FakeDaemon(s)
    d.deadlines.set(5, [{ sectors: [0] }])
    const db = openSqlite(join(tmp(), 'metadata.sqlite'))
    const t1 = tracker(d, db, s.dir)
    await runHeads(t1, d, 50, 53) // proven at 52, not yet submitted (Open+4 = 57)
    await t1.close()
    assert.equal(new ProvingStore(db).get('prove', { index: 5, open: 53 })?.state, 'done')
    assert.equal(d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec).length, 0)
    const t2 = tracker(d, db, s.dir)
    await runHeads(t2, d, 57, 57)
    await t2.close()
    const posts = d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec)
    assert.equal(posts.length, 1)
    // With no control address the worker sends it.
    assert.equal(posts[0]!.msg.from.toString(), WORKER.toString())
    db.close()
  })

  it('declares faults for lost sectors and recoveries for faulty sectors whose files are back', async () => {
    const dir = copyOf(s)
    dirs.push(dir)
    rmSync(join(dir, 'sealed', 's-t01000-2'))
    const d = new FakeDaemon(s)
    // Deadline 7 (opens 73, fault cutoff 70) is checked at 53, when deadline 5 starts.
    d.deadlines.set(7, [{ sectors: [0, 1], faulty: [1] }, { sectors: [2] }])
    const db = openSqlite(join(tmp(), 'metadata.sqlite'))
    const t = tracker(d, db, dir)
    await runHeads(t, d, 52, 54)
    await t.close()
    const rec = d.sent(MinerMethod.DeclareFaultsRecovered, DeclareFaultsRecoveredParamsCodec)
    const faults = d.sent(MinerMethod.DeclareFaults, DeclareFaultsParamsCodec)
    assert.equal(rec.length, 1)
    assert.deepEqual(
      rec[0]!.params.recoveries.map((r) => [r.deadline, r.partition, r.sectors.toArray()]),
      [[7, 0, [1]]],
    )
    assert.equal(faults.length, 1)
    assert.deepEqual(
      faults[0]!.params.faults.map((r) => [r.deadline, r.partition, r.sectors.toArray()]),
      [[7, 1, [2]]],
    )
    const row = new ProvingStore(db).get('declare', { index: 7, open: 73 })
    assert.deepEqual(row?.detail.faults, [2])
    db.close()
  })

  it('a failed message is recorded as failed and tried again while the deadline is open', async () => {
    const d = new FakeDaemon(s)
    d.deadlines.set(5, [{ sectors: [0] }])
    d.exitCode = 16
    const db = openSqlite(join(tmp(), 'metadata.sqlite'))
    const t = tracker(d, db, s.dir)
    await runHeads(t, d, 56, 57)
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(new ProvingStore(db).get('submit', { index: 5, open: 53 })?.state, 'failed')
    d.exitCode = 0
    await runHeads(t, d, 58, 58)
    await t.close()
    assert.equal(d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec).length, 2)
    assert.equal(new ProvingStore(db).get('submit', { index: 5, open: 53 })?.state, 'done')
    db.close()
  })

  it('a wait that fails on the way is taken up again at the next head; the message is not sent twice', async () => {
    const d = new FakeDaemon(s)
    d.deadlines.set(5, [{ sectors: [0] }])
    d.waitErrors = 1
    const db = openSqlite(join(tmp(), 'metadata.sqlite'))
    const t = tracker(d, db, s.dir)
    await runHeads(t, d, 56, 57)
    await new Promise((r) => setTimeout(r, 50))
    assert.equal(new ProvingStore(db).get('submit', { index: 5, open: 53 })?.state, 'pending')
    await runHeads(t, d, 58, 58)
    await t.close()
    assert.equal(new ProvingStore(db).get('submit', { index: 5, open: 53 })?.state, 'done')
    assert.equal(d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec).length, 1)
    db.close()
  })

  it('closes while a message is still waited for (a stalled chain); the next start waits for it again', async () => {
    const d = new FakeDaemon(s)
    d.deadlines.set(5, [{ sectors: [0] }])
    d.waitHangs = true
    const db = openSqlite(join(tmp(), 'metadata.sqlite'))
    const t = tracker(d, db, s.dir)
    await runHeads(t, d, 56, 57)
    const closing = t.close().then(() => 'closed')
    assert.equal(await Promise.race([closing, sleep(10_000, 'still waiting', { ref: false })]), 'closed')
    assert.equal(new ProvingStore(db).get('submit', { index: 5, open: 53 })?.state, 'pending')
    d.waitHangs = false
    const again = tracker(d, db, s.dir)
    await runHeads(again, d, 58, 58)
    await again.close()
    assert.equal(new ProvingStore(db).get('submit', { index: 5, open: 53 })?.state, 'done')
    assert.equal(d.sent(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec).length, 1)
    db.close()
  })
})
