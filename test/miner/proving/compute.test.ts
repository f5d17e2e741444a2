/**
 * Where the WindowPoSt runs: on a worker with WDP enabled through the scheduler (the WDP executor), else on
 * the miner's proofs thread; both give a proof the chain's verifier accepts. Also the WNP executor.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { openSqlite } from '../../../src/db/sql-store.ts'
import { localWindowPoSt, schedulerWindowPoSt, wdpArgs } from '../../../src/miner/proving/compute.ts'
import { Scheduler } from '../../../src/miner/sched/scheduler.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../../src/proofs/piece-cid.ts'
import { verifyWindowPoSt } from '../../../src/proofs/post/window.ts'
import { verifyWinningPoSt } from '../../../src/proofs/post/winning.ts'
import { proverId } from '../../../src/proofs/sdr/replica-id.ts'
import { fromHex } from '../../../src/util/bytes.ts'
import { LocalWorker } from '../../../src/worker/local-worker.ts'
import type { CallSpec } from '../../../src/worker/worker.ts'
import { dirLocator, type Sealed, sealedSectors } from './fixture.ts'

let s: Sealed
const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-wdp-'))
before(async () => {
  s = await sealedSectors()
})
after(() => {
  rmSync(dir, { recursive: true, force: true })
  if (s) rmSync(s.dir, { recursive: true, force: true })
})

/** A worker that notes the tasks it starts. */
class CountingWorker extends LocalWorker {
  started: string[] = []
  override async start(c: CallSpec): Promise<void> {
    this.started.push(c.task)
    return super.start(c)
  }
}

const randomness = new Uint8Array(32).fill(7)
function job() {
  const loc = dirLocator(s.dir)
  return {
    postProof: 10,
    sealProof: 5,
    randomness,
    sectors: s.sectors.map((x) => ({
      sectorNumber: x.number,
      commR: cidToCommitment(x.commR, FIL_COMMITMENT_SEALED),
      sealedPath: loc(1000, x.number).sealed!,
      cacheDir: loc(1000, x.number).cache!,
    })),
  }
}
const verify = (proof: Uint8Array) => verifyWindowPoSt({ postProof: 10, randomness, sectors: job().sectors, proof })

describe('WindowPoSt placement', () => {
  it('runs on a WDP worker when the scheduler has one, else locally; both verify', async () => {
    const sched = new Scheduler({ db: openSqlite(':memory:') }, { heartbeatMs: 3_600_000 })
    try {
      const compute = schedulerWindowPoSt(sched, 1000)
      const local = await compute(job(), new AbortController().signal) // no worker: the miner's thread
      assert.equal(verify(local.proof), true)
      const w = new CountingWorker({ tasks: ['WDP'], sealDir: join(dir, 'seal') })
      await sched.addWorker(w)
      const remote = await compute(job(), new AbortController().signal)
      assert.deepEqual(remote.proven, [0, 1, 2])
      assert.equal(verify(remote.proof), true)
      assert.deepEqual(w.started, ['WDP'])
      assert.equal((await localWindowPoSt(job(), new AbortController().signal)).proven.length, 3)
    } finally {
      sched.close()
    }
  })

  it('WNP on a winningpost worker proves the challenged sector', async () => {
    const w = new LocalWorker({ tasks: ['WNP'], sealDir: join(dir, 'seal-wnp') })
    const one = {
      ...wdpArgs({ ...job(), postProof: 0 }),
      sectors: [wdpArgs(job()).sectors as unknown[]][0]!.slice(1, 2),
    }
    await w.start({ callId: 'wnp-1', task: 'WNP', sector: { miner: 1000, number: 1, proof: 5 }, args: one })
    const out = (await w.wait('wnp-1')) as { proof: string }
    const sector = job().sectors[1]!
    assert.equal(
      verifyWinningPoSt({
        postProof: 0,
        randomness,
        proverId: proverId(1000),
        sectors: [sector],
        proof: fromHex(out.proof),
      }),
      true,
    )
  })
})
