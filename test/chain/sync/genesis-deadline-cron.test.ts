/**
 * A genesis miner that never wins a block keeps its deadline cron: its pre-sealed sectors carry no pledge and
 * it has no locked rewards, yet its deadlines advance at every deadline's end (on 8-epoch deadlines both
 * genesis miners' crons also fall due at the same epochs, which must not lose either).
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { minerState } from '../../../src/chain/actors/miner/queries.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { createFixture, type Fixture } from './fixture.ts'

let f: Fixture
before(async () => {
  f = await createFixture('genesis-deadline-cron', { ...devnet, wpostChallengeWindow: 8 })
})
after(() => f.close())

it("a genesis miner without pledge or rewards has its deadlines advanced by the chain's cron", async () => {
  const [winner, idle] = f.miners as [Fixture['miners'][0], Fixture['miners'][0]]
  const state = async (ts: TipSet, m: typeof idle) => minerState(f.store, (await f.sm.getActor(m.id, ts))!.head)
  const first = await state(f.genesis, idle)
  let head = f.genesis
  while (head.height < 30) head = (await f.syncer.submit((await f.produce(head, winner)).msg)).tipset
  const now = await state(head, idle)
  assert.equal(now.initialPledge, 0n)
  assert.equal(now.lockedFunds, 0n)
  assert.equal(now.deadlineCronActive, true)
  // 30 epochs of 8-epoch deadlines: at least three deadline ends passed
  const advanced = (now.currentDeadline - first.currentDeadline + 48) % 48
  assert.ok(advanced >= 3, `deadline ${first.currentDeadline} -> ${now.currentDeadline} over ${head.height} epochs`)
})
