import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deadlines, sectorCount } from '../../../../src/chain/actors/miner/queries.ts'
import { Bench, SHORT_POLICY } from './harness.ts'
import { proveDeadlineOf, sealSectors } from './flow.ts'

describe('StorageMiner: sector expiration', () => {
  it('expires sectors at the end of their deadline after their expiration: power, pledge and fees stop', async () => {
    const b = await Bench.create({ ...SHORT_POLICY, minSectorExpiration: 40 })
    const miner = await b.createMiner(0)
    await sealSectors(b, miner, [1, 2])
    const di = await proveDeadlineOf(b, miner, 1)
    await b.advanceTo(di.close)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 2n * 2048n)
    const pledge = (await b.minerState(miner)).initialPledge
    assert.equal((await b.claim(miner)).st.totalPledgeCollateral, pledge)
    // preCommitInfo set the expiration to precommit epoch + 60 + 40 + 100; run well past it.
    await b.advanceTo(b.epoch + 250)
    const st = await b.minerState(miner)
    assert.equal(st.initialPledge, 0n)
    assert.equal(st.deadlineCronActive, false, 'nothing at stake: the cron stops')
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 0n)
    assert.equal((await b.claim(miner)).st.totalPledgeCollateral, 0n)
    assert.deepEqual(await sectorCount(b.vm.deps.store, await b.head(miner)), { live: 0, active: 0, faulty: 0 })
    const part = (await deadlines(b.vm.deps.store, await b.head(miner))).flatMap((d) => d.partitions)[0]!
    assert.deepEqual(part.allSectors.toArray(), [1, 2])
    const burnt = await b.burnt()
    await b.advanceTo(b.epoch + 100)
    assert.equal(await b.burnt(), burnt, 'no more fault fees once expired')
    await b.assertConserved()
  })
})
