import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Address } from '../../../../src/core/address.ts'
import { decode, encode } from '../../../../src/core/codec.ts'
import { FIL_PRECISION } from '../../../../src/core/token.ts'
import { getOrThrow, putCbor } from '../../../../src/ipld/blockstore.ts'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import { activatePresealedSectors } from '../../../../src/chain/actors/miner/preseal.ts'
import { sectorCount } from '../../../../src/chain/actors/miner/queries.ts'
import { MinerStateCodec } from '../../../../src/chain/actors/miner/state.ts'
import { CronEventPayloadCodec } from '../../../../src/chain/actors/miner/types.ts'
import { getClaim, loadClaims, setClaim } from '../../../../src/chain/actors/power/claims.ts'
import { enrollCronEvent } from '../../../../src/chain/actors/power/cron-queue.ts'
import { addToClaim, PowerStateCodec } from '../../../../src/chain/actors/power/state.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../../../src/chain/actors/singletons.ts'
import { Bench, sealedCid } from './harness.ts'
import { locate, nextDeadline, postParams } from './flow.ts'

/** What a genesis builder does: activate the sectors, then credit Power with the claim, pledge and cron. */
async function preseal(b: Bench, miner: Address, numbers: number[]): Promise<void> {
  const store = b.vm.deps.store
  const act = (await b.vm.tree.getActor(miner))!
  const st = decode(MinerStateCodec, await getOrThrow(store, act.head))
  const sectors = numbers.map((n) => ({
    sectorNumber: n,
    sealProof: 5,
    sealedCid: sealedCid(n),
    expiration: 1_000_000,
    initialPledge: FIL_PRECISION,
  }))
  const r = await activatePresealedSectors(store, b.policy, st, sectors, b.epoch)
  await b.vm.tree.setActor(miner, { ...act, head: await putCbor(store, MinerStateCodec.toCbor(st)) })
  const pact = (await b.vm.tree.getActor(STORAGE_POWER_ACTOR_ADDR))!
  const pst = decode(PowerStateCodec, await getOrThrow(store, pact.head))
  const claims = await loadClaims(store, pst)
  const claim = (await getClaim(claims, miner))!
  addToClaim(b.vm.policy, pst, claim, r.power.raw, r.power.qa)
  await setClaim(claims, miner, claim)
  pst.claims = await claims.flush()
  pst.totalPledgeCollateral += r.pledge
  const callbackPayload = encode(CronEventPayloadCodec, { eventType: 1n })
  await enrollCronEvent(store, pst, BigInt(r.deadlineCronEpoch), { minerAddr: miner, callbackPayload })
  await b.vm.tree.setActor(STORAGE_POWER_ACTOR_ADDR, {
    ...pact,
    head: await putCbor(store, PowerStateCodec.toCbor(pst)),
  })
}

describe('StorageMiner: genesis pre-sealed sectors', () => {
  it('are active at once, proven by the usual WindowPoSt, and faulty if it is missed', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    await preseal(b, miner, [1, 2, 3])
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 3n * 2048n)
    const st = await b.minerState(miner)
    assert.equal(st.initialPledge, 3n * FIL_PRECISION)
    assert.deepEqual(await sectorCount(b.vm.deps.store, await b.head(miner)), { live: 3, active: 3, faulty: 0 })
    await assert.rejects(() => preseal(b, miner, [3]), /already allocated/)
    // Sectors 1 and 2 share a partition; prove it, miss sector 3's deadline.
    const { deadline, partition } = await locate(b, miner, 1)
    const third = await locate(b, miner, 3)
    assert.notEqual(third.deadline, deadline)
    const di = await nextDeadline(b, miner, deadline)
    await b.advanceTo(di.open)
    await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition]))
    const d3 = await nextDeadline(b, miner, third.deadline)
    await b.advanceTo(Math.max(di.close, d3.close) + 1)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 2n * 2048n)
    assert.deepEqual(await sectorCount(b.vm.deps.store, await b.head(miner)), { live: 3, active: 2, faulty: 1 })
    await b.assertConserved()
  })
})
