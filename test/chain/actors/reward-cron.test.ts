import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decode, encode } from '../../../src/core/codec.ts'
import { ExitCode } from '../../../src/core/exit-code.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { fromHex, toHex } from '../../../src/util/bytes.ts'
import { getOrThrow } from '../../../src/ipld/blockstore.ts'
import { DEFAULT_REWARD_SCHEDULE, epochReward } from '../../../src/chain/actors/reward/schedule.ts'
import { RewardStateCodec } from '../../../src/chain/actors/reward/state.ts'
import { AwardBlockRewardParamsCodec, ThisEpochRewardReturnCodec } from '../../../src/chain/actors/reward/types.ts'
import { CRON_ACTOR_ADDR, REWARD_ACTOR_ADDR, SYSTEM_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { accountKey, minerEligible, networkName, networkPower } from '../../../src/chain/actors/queries.ts'
import { rewardMessage } from '../../../src/chain/vm/implicit-messages.ts'
import { DEFAULT_POLICY } from '../../../src/chain/vm/runtime.ts'
import { NotFoundError } from '../../../src/util/errors.ts'
import { balanceOf, ID, msg, setup, vmAt } from '../vm/fixtures.ts'

describe('Reward and Cron actors', () => {
  it('halves the epoch reward every halvingEpochs', () => {
    const s = { initialEpochReward: 1000n, halvingEpochs: 10n }
    assert.equal(epochReward(s, 0n), 1000n)
    assert.equal(epochReward(s, 9n), 1000n)
    assert.equal(epochReward(s, 10n), 500n)
    assert.equal(epochReward(s, 35n), 125n)
    assert.equal(epochReward(s, 10_000n), 0n)
    assert.equal(epochReward(DEFAULT_REWARD_SCHEDULE, 0n), 36n * FIL_PRECISION)
  })

  it('encodes AwardBlockReward params as [Miner, Penalty, GasReward, WinCount]', () => {
    const bytes = encode(AwardBlockRewardParamsCodec, { miner: ID(1000), penalty: 0n, gasReward: 256n, winCount: 2 })
    // 84 | 43 00e807 (f01000: ID protocol, varint 1000) | 40 (zero) | 43 000100 (+256) | 02
    assert.equal(toHex(bytes), '844300e807' + '40' + '43000100' + '02')
    assert.equal(decode(AwardBlockRewardParamsCodec, bytes).gasReward, 256n)
    assert.deepEqual(decode(AwardBlockRewardParamsCodec, fromHex(toHex(bytes))).miner, ID(1000))
  })

  it('pays the block reward to the miner or burns it, and refuses bad params and callers', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const pool = await balanceOf(vm, REWARD_ACTOR_ADDR)
    const ok = await vm.applyImplicitMessage(
      rewardMessage(1, { miner: s.ids[0]!, penalty: 0n, gasReward: 0n, winCount: 1 }),
    )
    assert.equal(ok.receipt.exitCode, 0, ok.error)
    const paid = pool - (await balanceOf(vm, REWARD_ACTOR_ADDR))
    assert.equal(
      paid,
      (36n * FIL_PRECISION) / 5n,
      'ThisEpochReward x 1 / 5 left the pool (burned: an account has no ApplyRewards)',
    )
    const bad = await vm.applyImplicitMessage(
      rewardMessage(1, { miner: s.ids[0]!, penalty: -1n, gasReward: 0n, winCount: 1 }),
    )
    assert.equal(bad.receipt.exitCode, ExitCode.ErrIllegalArgument)
    const zero = await vm.applyImplicitMessage(
      rewardMessage(1, { miner: s.ids[0]!, penalty: 0n, gasReward: 0n, winCount: 0 }),
    )
    assert.equal(zero.receipt.exitCode, ExitCode.ErrIllegalArgument)
    const params = encode(AwardBlockRewardParamsCodec, { miner: s.ids[0]!, penalty: 0n, gasReward: 0n, winCount: 1 })
    const forbidden = await vm.applyMessage(msg({ from: s.keys[0]!, to: REWARD_ACTOR_ADDR, method: 2n, params }))
    assert.equal(forbidden.receipt.exitCode, ExitCode.ErrForbidden)
    const tick = await vm.applyMessage(msg({ from: s.keys[0]!, nonce: 1n, to: CRON_ACTOR_ADDR, method: 2n }))
    assert.equal(tick.receipt.exitCode, ExitCode.ErrForbidden)
    const st = decode(
      RewardStateCodec,
      await getOrThrow(s.deps.store, (await vm.tree.getActor(REWARD_ACTOR_ADDR))!.head),
    )
    assert.equal(st.totalStoragePowerReward, paid)
  })

  it('ThisEpochReward returns [[position, velocity], baseline] with position = reward << 128', async () => {
    const s = await setup(1)
    const vm = await vmAt(s)
    const r = await vm.applyMessage(msg({ from: s.keys[0]!, to: REWARD_ACTOR_ADDR, method: 3n }))
    assert.equal(r.receipt.exitCode, 0, r.error)
    const ret = decode(ThisEpochRewardReturnCodec, r.receipt.return)
    assert.equal(ret.thisEpochRewardSmoothed.position, (36n * FIL_PRECISION) << 128n)
    assert.equal(ret.thisEpochRewardSmoothed.velocity, 0n)
  })

  it('answers state queries: account key, network name and power, eligibility', async () => {
    const s = await setup(1)
    const vm = await vmAt(s)
    assert.equal((await accountKey(vm.tree, s.ids[0]!)).toString(), s.keys[0]!.toString())
    await assert.rejects(accountKey(vm.tree, SYSTEM_ACTOR_ADDR), NotFoundError)
    assert.equal(await networkName(vm.tree), 'testnet')
    assert.deepEqual(await networkPower(vm.tree, DEFAULT_POLICY), { raw: 0n, qa: 0n })
    assert.equal(await minerEligible(vm.tree, DEFAULT_POLICY, ID(5000)), false)
  })
})
