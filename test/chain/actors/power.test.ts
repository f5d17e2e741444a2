import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Address } from '../../../src/core/address.ts'
import { encodeCbor } from '../../../src/core/cbor/encode.ts'
import { decode, encode } from '../../../src/core/codec.ts'
import { ExitCode } from '../../../src/core/exit-code.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { concatBytes, fromHex, toHex, u64be } from '../../../src/util/bytes.ts'
import { getOrThrow } from '../../../src/ipld/blockstore.ts'
import { CODE_CIDS } from '../../../src/chain/actors/code-cids.ts'
import { builtinActors } from '../../../src/chain/actors/registry.ts'
import { ExecParamsCodec } from '../../../src/chain/actors/init/types.ts'
import { readClaim } from '../../../src/chain/actors/power/claims.ts'
import { epochKey } from '../../../src/chain/actors/power/cron-queue.ts'
import { claimMeetsConsensusMinimum, PowerStateCodec } from '../../../src/chain/actors/power/state.ts'
import {
  CreateMinerParamsCodec,
  CreateMinerReturnCodec,
  CurrentTotalPowerReturnCodec,
  EnrollCronEventParamsCodec,
  UpdateClaimedPowerParamsCodec,
} from '../../../src/chain/actors/power/types.ts'
import { INIT_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { cronMessage } from '../../../src/chain/vm/implicit-messages.ts'
import { DEFAULT_POLICY } from '../../../src/chain/vm/runtime.ts'
import type { Vm } from '../../../src/chain/vm/vm.ts'
import { ID, msg, setup, vmAt } from '../vm/fixtures.ts'
import { FORWARD_METHOD, ForwardCodec, readStubState, StubMinerActor } from './stub-miner.ts'

async function powerState(vm: Vm) {
  const act = (await vm.tree.getActor(STORAGE_POWER_ACTOR_ADDR))!
  return decode(PowerStateCodec, await getOrThrow(vm.deps.store, act.head))
}

const createParams = (owner: Address) => ({
  owner,
  worker: owner,
  windowPoStProofType: 5,
  peer: new Uint8Array([1, 2, 3]),
  multiaddrs: [new Uint8Array([4, 1])],
})

describe('StoragePower actor', () => {
  it('keys the cron queue by the zigzag varint of the epoch (builtin-actors epoch_key vectors)', () => {
    assert.equal(toHex(epochKey(101n)), 'ca01')
    assert.equal(toHex(epochKey(102n)), 'cc01')
    assert.equal(toHex(epochKey(103n)), 'ce01')
    assert.equal(toHex(epochKey(-1n)), '01')
  })

  it('encodes CreateMinerParams as the Filecoin tuple', () => {
    const bytes = encode(CreateMinerParamsCodec, {
      owner: ID(100),
      worker: ID(101),
      windowPoStProofType: 5,
      peer: new TextEncoder().encode('peer'),
      multiaddrs: [new Uint8Array([4, 1])],
    })
    // [f0100, f0101, 5, b"peer", [h'0401']]
    assert.equal(toHex(bytes), '85420064420065054470656572814204' + '01')
    assert.deepEqual(
      decode(CreateMinerParamsCodec, fromHex('85420064420065054470656572814204' + '01')).peer,
      new TextEncoder().encode('peer'),
    )
  })

  it('CreateMiner: Init.Exec derives the robust address; without a miner class no constructor runs', async () => {
    const s = await setup(2, builtinActors({ miner: false }))
    const vm = await vmAt(s)
    const value = 2n * FIL_PRECISION
    const r = await vm.applyMessage(
      msg({
        from: s.keys[0]!,
        to: STORAGE_POWER_ACTOR_ADDR,
        method: 2n,
        value,
        params: encode(CreateMinerParamsCodec, createParams(s.ids[0]!)),
      }),
    )
    assert.equal(r.receipt.exitCode, 0, r.error)
    const ret = decode(CreateMinerReturnCodec, r.receipt.return)
    const expected = Address.fromActorData(concatBytes(encodeCbor(s.keys[0]!.bytes), u64be(0n), u64be(0n)))
    assert.equal(ret.robustAddress.toString(), expected.toString())
    assert.equal(ret.idAddress.toString(), ID(102).toString())
    assert.equal((await vm.tree.lookupId(ret.robustAddress))?.toString(), ID(102).toString())
    const miner = (await vm.tree.getActor(ret.idAddress))!
    assert.ok(miner.code.equals(CODE_CIDS.storageminer))
    assert.equal(miner.balance, value)
    const st = await powerState(vm)
    assert.equal(st.minerCount, 1n)
    assert.deepEqual(await readClaim(vm.deps.store, st, ret.idAddress), {
      windowPoStProofType: 5,
      rawBytePower: 0n,
      qualityAdjPower: 0n,
    })
  })

  it('CreateMiner with a (test-only stub) miner class runs its constructor with the exact tuple', async () => {
    const s = await setup(2, builtinActors({ miner: false }).register(StubMinerActor))
    const vm = await vmAt(s)
    const p = createParams(s.keys[1]!)
    const r = await vm.applyMessage(
      msg({ from: s.keys[0]!, to: STORAGE_POWER_ACTOR_ADDR, method: 2n, params: encode(CreateMinerParamsCodec, p) }),
    )
    assert.equal(r.receipt.exitCode, 0, r.error)
    const { idAddress } = decode(CreateMinerReturnCodec, r.receipt.return)
    const st = readStubState(await getOrThrow(s.deps.store, (await vm.tree.getActor(idAddress))!.head))
    assert.deepEqual(st.params, {
      owner: p.owner,
      worker: p.worker,
      controlAddrs: [],
      windowPoStProofType: 5,
      peerId: p.peer,
      multiaddrs: p.multiaddrs,
    })
  })

  it('refuses Init.Exec of a miner from an account and miner-only methods from an account (18)', async () => {
    const s = await setup(2)
    const vm = await vmAt(s)
    const exec = encode(ExecParamsCodec, { codeCid: CODE_CIDS.storageminer, constructorParams: new Uint8Array(0) })
    const a = await vm.applyMessage(msg({ from: s.keys[0]!, to: INIT_ACTOR_ADDR, method: 2n, params: exec }))
    assert.equal(a.receipt.exitCode, ExitCode.ErrForbidden)
    const upd = encode(UpdateClaimedPowerParamsCodec, { rawByteDelta: 1n, qualityAdjustedDelta: 1n })
    const b = await vm.applyMessage(
      msg({ from: s.keys[0]!, nonce: 1n, to: STORAGE_POWER_ACTOR_ADDR, method: 3n, params: upd }),
    )
    assert.equal(b.receipt.exitCode, ExitCode.ErrForbidden)
  })

  it('claims, the consensus minimum, cron callbacks and CurrentTotalPower', async () => {
    const s = await setup(2, builtinActors({ miner: false }).register(StubMinerActor))
    const vm = await vmAt(s, s.root, 3)
    const from = s.keys[0]!
    let nonce = 0n
    const send = async (to: Address, method: bigint, params: Uint8Array) => {
      const r = await vm.applyMessage(msg({ from, nonce: nonce++, to, method, params, gasLimit: 100_000_000n }))
      assert.equal(r.receipt.exitCode, 0, r.error)
      return r.receipt.return
    }
    const created = await send(STORAGE_POWER_ACTOR_ADDR, 2n, encode(CreateMinerParamsCodec, createParams(s.ids[0]!)))
    const miner = decode(CreateMinerReturnCodec, created).idAddress
    const forward = (method: bigint, params: Uint8Array) =>
      send(miner, FORWARD_METHOD, encode(ForwardCodec, { method, params }))

    await forward(3n, encode(UpdateClaimedPowerParamsCodec, { rawByteDelta: 1024n, qualityAdjustedDelta: 1024n }))
    let st = await powerState(vm)
    let claim = (await readClaim(vm.deps.store, st, miner))!
    assert.equal(st.totalBytesCommitted, 1024n)
    assert.equal(st.totalRawBytePower, 0n, 'below the minimum, power does not count in the total')
    assert.equal(st.minerAboveMinPowerCount, 0n)
    assert.equal(claimMeetsConsensusMinimum(DEFAULT_POLICY, st, claim), true, 'fewer than 4 miners above the minimum')

    await forward(3n, encode(UpdateClaimedPowerParamsCodec, { rawByteDelta: 2048n, qualityAdjustedDelta: 2048n }))
    st = await powerState(vm)
    claim = (await readClaim(vm.deps.store, st, miner))!
    assert.equal(st.minerAboveMinPowerCount, 1n)
    assert.equal(st.totalRawBytePower, 3072n)
    assert.equal(claimMeetsConsensusMinimum(DEFAULT_POLICY, st, claim), true)
    assert.equal(
      claimMeetsConsensusMinimum(
        DEFAULT_POLICY,
        { ...st, minerAboveMinPowerCount: 4n },
        { ...claim, rawBytePower: 1n },
      ),
      false,
    )

    await forward(4n, encode(EnrollCronEventParamsCodec, { eventEpoch: 5, payload: new Uint8Array([7, 7]) }))
    for (const epoch of [4, 5]) {
      vm.epoch = epoch
      const r = await vm.applyImplicitMessage(cronMessage(epoch))
      assert.equal(r.receipt.exitCode, 0, r.error)
      const stub = readStubState(await getOrThrow(s.deps.store, (await vm.tree.getActor(miner))!.head))
      assert.equal(stub.cronPayloads.length, epoch === 5 ? 1 : 0)
    }
    const total = decode(CurrentTotalPowerReturnCodec, await send(STORAGE_POWER_ACTOR_ADDR, 9n, new Uint8Array(0)))
    assert.equal(total.rawBytePower, 3072n)
    assert.equal(total.qualityAdjPower, 3072n)
  })
})
