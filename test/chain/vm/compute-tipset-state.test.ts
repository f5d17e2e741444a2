import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decode, encode } from '../../../src/core/codec.ts'
import { ReceiptCodec } from '../../../src/core/receipt.ts'
import { type SignedMessage, signedMessageCid } from '../../../src/core/signed-message.ts'
import { type Message, messageCid } from '../../../src/core/message.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { amtFromArray } from '../../../src/ipld/amt/amt.ts'
import { getOrThrow } from '../../../src/ipld/blockstore.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { builtinActors } from '../../../src/chain/actors/registry.ts'
import { RewardStateCodec } from '../../../src/chain/actors/reward/state.ts'
import {
  CreateMinerParamsCodec,
  CreateMinerReturnCodec,
  EnrollCronEventParamsCodec,
} from '../../../src/chain/actors/power/types.ts'
import {
  BURNT_FUNDS_ACTOR_ADDR,
  REWARD_ACTOR_ADDR,
  STORAGE_POWER_ACTOR_ADDR,
} from '../../../src/chain/actors/singletons.ts'
import { computeTipSetState, TipSetExecutionError } from '../../../src/chain/vm/compute-tipset-state.ts'
import { BASE_FEE, msg, secpAddress, setup, totalBalance, vmAt } from './fixtures.ts'
import { FORWARD_METHOD, ForwardCodec, readStubState, StubMinerActor } from '../actors/stub-miner.ts'

const signed = (m: Message): SignedMessage => ({ message: m, signature: { type: 1, data: new Uint8Array(65) } })

describe('computeTipSetState', () => {
  it('runs null-round crons, skips duplicate messages, rewards each block and conserves the total', async () => {
    // Test-only stub miner (the real miner actor comes later) so a block's reward can be received.
    const s = await setup(3, builtinActors({ miner: false }).register(StubMinerActor))
    const pre = await vmAt(s, s.root, 5)
    const create = await pre.applyMessage(
      msg({
        from: s.keys[0]!,
        to: STORAGE_POWER_ACTOR_ADDR,
        method: 2n,
        gasLimit: 100_000_000n,
        params: encode(CreateMinerParamsCodec, {
          owner: s.ids[0]!,
          worker: s.ids[0]!,
          windowPoStProofType: 5,
          peer: new Uint8Array(0),
          multiaddrs: [],
        }),
      }),
    )
    assert.equal(create.receipt.exitCode, 0, create.error)
    const miner = decode(CreateMinerReturnCodec, create.receipt.return).idAddress
    const enroll = encode(EnrollCronEventParamsCodec, { eventEpoch: 11, payload: new Uint8Array([1]) })
    const fwd = await pre.applyMessage(
      msg({
        from: s.keys[0]!,
        nonce: 1n,
        to: miner,
        method: FORWARD_METHOD,
        gasLimit: 100_000_000n,
        params: encode(ForwardCodec, { method: 4n, params: enroll }),
      }),
    )
    assert.equal(fwd.receipt.exitCode, 0, fwd.error)
    const parent = await pre.flush()
    const total = await totalBalance(s.deps, parent)
    assert.equal(total, s.total)

    const m1 = msg({ from: s.keys[1]!, to: secpAddress(40), value: 5n * FIL_PRECISION })
    const m2 = msg({ from: s.keys[2]!, to: s.keys[0]!, value: 1n })
    const m3 = msg({ from: s.keys[2]!, to: s.keys[1]!, nonce: 1n, value: 2n })
    const blocks = [
      { miner, winCount: 1, blsMessages: [m1], secpMessages: [signed(m2)] },
      { miner: s.ids[1]!, winCount: 2, blsMessages: [m1], secpMessages: [signed(m3)] },
    ]
    const params = { parentStateRoot: parent, parentEpoch: 10, epoch: 13, blocks, baseFee: BASE_FEE }
    const out = await computeTipSetState(s.deps, params)
    assert.equal(out.receipts.length, 3, 'the duplicate m1 in the second block is skipped')
    assert.ok(out.receipts.every((r) => r.exitCode === 0))
    assert.deepEqual(
      out.messageCids.map(String),
      [messageCid(m1), signedMessageCid(signed(m2)), signedMessageCid(signed(m3))].map(String),
    )
    assert.equal(out.gasOutputs.length, 3)
    const expectRoot = await amtFromArray(
      s.deps.store,
      out.receipts.map((r) => ReceiptCodec.toCbor(r)),
      { version: 0 },
    )
    assert.equal(out.receiptsRoot.toString(), expectRoot.toString())
    assert.equal(
      (await computeTipSetState(s.deps, params)).stateRoot.toString(),
      out.stateRoot.toString(),
      'deterministic',
    )
    assert.equal(await totalBalance(s.deps, out.stateRoot), total, 'rewards come from the pool: total unchanged')

    const vm = await vmAt(s, out.stateRoot, 13)
    const stub = readStubState(await getOrThrow(s.deps.store, (await vm.tree.getActor(miner))!.head))
    assert.deepEqual(stub.cronPayloads, [new Uint8Array([1])], 'cron ran for null round 11')
    const rewardAct = (await vm.tree.getActor(REWARD_ACTOR_ADDR))!
    const rs = decode(RewardStateCodec, await getOrThrow(s.deps.store, rewardAct.head))
    assert.equal(rs.epoch, 14n, 'cron at epoch 13 moved the reward to epoch 14')
    const perWin = rs.thisEpochReward / 5n
    assert.equal(rs.totalStoragePowerReward, perWin * 3n)
    // The second block's "miner" is an account: ApplyRewards fails and its reward is burned.
    const before = await vmAt(s, parent, 10)
    const burnt = (await vm.tree.getActor(BURNT_FUNDS_ACTOR_ADDR))!.balance
    const burntBefore = (await before.tree.getActor(BURNT_FUNDS_ACTOR_ADDR))!.balance
    assert.ok(burnt - burntBefore >= perWin * 2n)
    assert.ok((await vm.tree.getActor(miner))!.balance >= perWin)
    assert.equal((await vm.tree.getActor(s.keys[2]!))!.nonce, 2n)
    assert.equal((await vm.tree.getActor(secpAddress(40)))!.nonce, 0n)
  })

  it('refuses a tipset not after its parent and fails when a block miner cannot be resolved', async () => {
    const s = await setup(1)
    const base = { parentStateRoot: s.root, baseFee: BASE_FEE }
    await assert.rejects(computeTipSetState(s.deps, { ...base, parentEpoch: 5, epoch: 5, blocks: [] }), InvalidError)
    const blocks = [{ miner: secpAddress(99), winCount: 1, blsMessages: [], secpMessages: [] }]
    await assert.rejects(
      computeTipSetState(s.deps, { ...base, parentEpoch: 0, epoch: 1, blocks }),
      TipSetExecutionError,
    )
    const empty = await computeTipSetState(s.deps, { ...base, parentEpoch: 0, epoch: 3, blocks: [] })
    assert.equal(empty.receipts.length, 0)
    assert.equal(empty.receiptsRoot.toString(), 'bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6')
    assert.equal(await totalBalance(s.deps, empty.stateRoot), s.total)
  })
})
