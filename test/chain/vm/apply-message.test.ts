import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidError } from '../../../src/util/errors.ts'
import { ExitCode } from '../../../src/core/exit-code.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { encodeCbor } from '../../../src/core/cbor/encode.ts'
import { decodeCbor } from '../../../src/core/cbor/decode.ts'
import { REWARD_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { CODE_CIDS } from '../../../src/chain/actors/code-cids.ts'
import { encode } from '../../../src/core/codec.ts'
import { MessageCodec } from '../../../src/core/message.ts'
import { DEFAULT_PRICELIST, onChainMessageGas } from '../../../src/chain/vm/gas.ts'
import { BASE_FEE, balanceOf, ID, msg, secpAddress, setup, totalBalance, vmAt } from './fixtures.ts'

describe('VM applyMessage', () => {
  it('transfers value to a new key address, creating its account', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const to = secpAddress(50)
    const value = 3n * FIL_PRECISION
    const before = await balanceOf(vm, s.keys[0]!)
    const r = await vm.applyMessage(msg({ from: s.keys[0]!, to, value }))
    assert.equal(r.receipt.exitCode, 0, r.error)
    assert.equal(await balanceOf(vm, to), value)
    const created = await vm.tree.getActor(to)
    assert.ok(created?.code.equals(CODE_CIDS.account))
    assert.equal((await vm.tree.lookupId(to))?.toString(), ID(102).toString())
    const g = r.gasOutputs
    const fee = g.baseFeeBurn + g.overEstimationBurn + g.minerTip
    assert.equal(await balanceOf(vm, s.keys[0]!), before - value - fee)
    assert.equal((await vm.tree.getActor(s.keys[0]!))?.nonce, 1n)
    assert.equal(g.baseFeeBurn, BASE_FEE * r.receipt.gasUsed)
    assert.equal(g.minerTip, 100n * 10_000_000n)
    assert.equal(await totalBalance(s.deps, await vm.flush()), s.total)
  })

  it('rejects without state change: unknown sender (1), nonce (2), balance for gas (2), inclusion gas (7)', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const cases = [
      [msg({ from: secpAddress(77), to: s.keys[1]! }), ExitCode.SysErrSenderInvalid],
      [msg({ from: STORAGE_POWER_ACTOR_ADDR, to: s.keys[1]! }), ExitCode.SysErrSenderInvalid],
      [msg({ from: REWARD_ACTOR_ADDR, to: s.keys[1]! }), ExitCode.SysErrSenderInvalid],
      [msg({ from: s.keys[0]!, to: s.keys[1]!, nonce: 1n }), ExitCode.SysErrSenderStateInvalid],
      [msg({ from: s.keys[0]!, to: s.keys[1]!, gasFeeCap: 10n ** 15n }), ExitCode.SysErrSenderStateInvalid],
      [msg({ from: s.keys[0]!, to: s.keys[1]!, gasLimit: 1000n }), ExitCode.SysErrOutOfGas],
    ] as const
    for (const [m, code] of cases) {
      const r = await vm.applyMessage(m)
      assert.equal(r.receipt.exitCode, code, `${r.error}`)
      assert.equal(r.receipt.gasUsed, 0n)
    }
    assert.equal((await vm.tree.getActor(s.keys[0]!))?.nonce, 0n)
    assert.equal(await totalBalance(s.deps, await vm.flush()), s.total)
    assert.equal(await balanceOf(vm, s.keys[0]!), 1000n * FIL_PRECISION)
  })

  it('charges gas but reverts the call: insufficient funds (6), invalid receiver (5), unknown method (22), bad params (21)', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const from = s.keys[0]!
    const cases = [
      [{ to: s.keys[1]!, value: 2000n * FIL_PRECISION }, ExitCode.SysErrInsufficientFunds],
      [{ to: ID(5000), value: 1n }, ExitCode.SysErrInvalidReceiver],
      [{ to: s.keys[1]!, method: 99n }, ExitCode.ErrUnhandledMessage],
      [{ to: ID(1), method: 2n, params: encodeCbor([1, 2, 3]) }, ExitCode.ErrSerialization],
      [{ to: ID(1), method: 2n, params: new Uint8Array([0xff]) }, ExitCode.ErrSerialization],
      [{ to: s.keys[1]!, method: 1n, params: encodeCbor(from.bytes) }, ExitCode.ErrForbidden],
    ] as const
    let nonce = 0n
    for (const [over, code] of cases) {
      const before = await balanceOf(vm, from)
      const r = await vm.applyMessage(msg({ from, nonce, ...over }))
      nonce++
      assert.equal(r.receipt.exitCode, code, `${r.error}`)
      assert.ok(r.receipt.gasUsed > 0n)
      const g = r.gasOutputs
      assert.equal(await balanceOf(vm, from), before - g.baseFeeBurn - g.overEstimationBurn - g.minerTip)
    }
    assert.equal(await vm.tree.getActor(ID(5000)), undefined)
    assert.equal((await vm.tree.getActor(from))?.nonce, nonce)
    assert.equal(await totalBalance(s.deps, await vm.flush()), s.total)
  })

  it('runs out of gas mid-call (7): uses the whole limit, reverts the transfer', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const m = msg({ from: s.keys[0]!, to: secpAddress(60), value: 5n })
    const gasLimit = onChainMessageGas(DEFAULT_PRICELIST, encode(MessageCodec, m).length) + 10n
    const r = await vm.applyMessage({ ...m, gasLimit })
    assert.equal(r.receipt.exitCode, ExitCode.SysErrOutOfGas)
    assert.equal(r.receipt.gasUsed, gasLimit)
    assert.equal(await vm.tree.getActor(secpAddress(60)), undefined)
    assert.equal((await vm.tree.getActor(s.keys[0]!))?.nonce, 1n)
  })

  it('refuses messages no valid block carries (gas limit <= 0, negative fee cap or premium)', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const base = { from: s.keys[0]!, to: s.keys[1]! }
    await assert.rejects(vm.applyMessage(msg({ ...base, gasLimit: 0n })), InvalidError)
    await assert.rejects(vm.applyMessage(msg({ ...base, gasFeeCap: -1n })), InvalidError)
    await assert.rejects(vm.applyMessage(msg({ ...base, gasPremium: -1n })), InvalidError)
    assert.equal((await vm.tree.getActor(s.keys[0]!))?.nonce, 0n)
  })

  it('answers Account.PubkeyAddress with the key address', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const r = await vm.applyMessage(msg({ from: s.keys[0]!, to: s.ids[1]!, method: 2n }))
    assert.equal(r.receipt.exitCode, 0, r.error)
    assert.deepEqual(decodeCbor(r.receipt.return), s.keys[1]!.bytes)
  })

  it('conserves the total balance to the attoFIL over many random messages', async () => {
    const s = await setup(4)
    let root = s.root
    let seed = 12345
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const nonces = new Map<string, bigint>()
    for (let round = 0; round < 4; round++) {
      const vm = await vmAt(s, root, round + 1)
      for (let i = 0; i < 40; i++) {
        const from = s.keys[rand(4)]!
        const to = rand(5) === 0 ? secpAddress(100 + rand(20)) : s.keys[rand(4)]!
        const nonce = nonces.get(from.key) ?? 0n
        const wrongNonce = rand(10) === 0
        const r = await vm.applyMessage(
          msg({
            from,
            to,
            nonce: wrongNonce ? nonce + 1n : nonce,
            value: BigInt(rand(3) === 0 ? 10 ** 9 : rand(1000)) * 10n ** 12n,
            gasLimit: BigInt(300_000 + rand(5_000_000)),
            gasFeeCap: BigInt(50 + rand(300)),
            gasPremium: BigInt(rand(200)),
            method: rand(8) === 0 ? 3n : 0n,
          }),
        )
        if (r.receipt.exitCode !== ExitCode.SysErrSenderStateInvalid && r.receipt.exitCode !== ExitCode.SysErrOutOfGas)
          nonces.set(from.key, nonce + 1n)
        else if (r.receipt.gasUsed !== 0n) nonces.set(from.key, nonce + 1n)
      }
      root = await vm.flush()
      assert.equal(await totalBalance(s.deps, root), s.total, `round ${round}`)
    }
  })
})
