import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Address, AddressCodec } from '../../../src/core/address.ts'
import { encodeCbor } from '../../../src/core/cbor/encode.ts'
import { Bytes, type Codec, decode, encode, listOf, Uint } from '../../../src/core/codec.ts'
import { ExitCode } from '../../../src/core/exit-code.ts'
import { type Signature, SignatureCodec, SigType } from '../../../src/core/signature.ts'
import { tupleCodec } from '../../../src/core/tuple.ts'
import { sign } from '../../../src/crypto/sigs.ts'
import { concatBytes, u64be } from '../../../src/util/bytes.ts'
import { Address as Addr } from '../../../src/core/address.ts'
import { Bool } from '../../../src/core/codec.ts'
import { CODE_CIDS } from '../../../src/chain/actors/code-cids.ts'
import { ExecParamsCodec, ExecReturnCodec } from '../../../src/chain/actors/init/types.ts'
import { builtinActors } from '../../../src/chain/actors/registry.ts'
import { INIT_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { type ActorClass, method, methodTable } from '../../../src/chain/vm/actor-class.ts'
import { balanceOf, ID, msg, setup, vmAt } from './fixtures.ts'

/** TEST-ONLY probe actor, registered under the multisig code (which accounts may Exec) to reach the Runtime. */
const Empty: Codec<Record<string, never>> = tupleCodec<Record<string, never>>('Empty', {})
interface VerifyParams {
  sig: Signature
  signer: Address
  data: Uint8Array
}
const VerifyParamsCodec = tupleCodec<VerifyParams>('VerifyParams', {
  sig: ['Sig', SignatureCodec],
  signer: ['Signer', AddressCodec],
  data: ['Data', Bytes],
})
const Probe: ActorClass = {
  name: 'probe',
  code: CODE_CIDS.multisig,
  methods: methodTable([
    [1, method('Constructor', null, null, async (rt) => rt.commit(Empty, {}))],
    [2, method('TwoAddresses', null, listOf(AddressCodec), async (rt) => [rt.newActorAddress(), rt.newActorAddress()])],
    [3, method('Verify', VerifyParamsCodec, Bool, async (rt, p) => rt.verifySignature(p.sig, p.signer, p.data))],
    [4, method('Delete', AddressCodec, null, async (rt, to) => rt.deleteActor(to))],
    [
      5,
      method('SendTo', AddressCodec, Uint, async (rt, to) => (await rt.send(to, 0n, new Uint8Array(0), 1n)).exitCode),
    ],
    [6, method('Randomness', null, Bytes, async (rt) => rt.randomnessFromTickets(1, 0, new Uint8Array(0)))],
  ]),
}

async function withProbe() {
  const s = await setup(2, builtinActors().register(Probe))
  const vm = await vmAt(s)
  const exec = encode(ExecParamsCodec, { codeCid: CODE_CIDS.multisig, constructorParams: new Uint8Array(0) })
  const r = await vm.applyMessage(
    msg({ from: s.keys[0]!, to: INIT_ACTOR_ADDR, method: 2n, params: exec, value: 10n, gasLimit: 100_000_000n }),
  )
  assert.equal(r.receipt.exitCode, 0, r.error)
  const created = decode(ExecReturnCodec, r.receipt.return)
  let nonce = 1n
  const call = async (m: bigint, params: Uint8Array) =>
    vm.applyMessage(
      msg({ from: s.keys[0]!, nonce: nonce++, to: created.idAddress, method: m, params, gasLimit: 100_000_000n }),
    )
  return { s, vm, created, call }
}

describe('VM runtime', () => {
  it('Init.Exec: robust address from CBOR(origin) ‖ u64be(nonce) ‖ u64be(count), value passed on', async () => {
    const { s, vm, created, call } = await withProbe()
    const robust = (nonce: bigint, n: bigint) =>
      Addr.fromActorData(concatBytes(encodeCbor(s.keys[0]!.bytes), u64be(nonce), u64be(n))).toString()
    assert.equal(created.robustAddress.toString(), robust(0n, 0n))
    assert.equal(created.idAddress.toString(), ID(102).toString())
    assert.equal(await balanceOf(vm, created.idAddress), 10n)
    const r = await call(2n, new Uint8Array(0))
    const [a, b] = decode(listOf(AddressCodec), r.receipt.return)
    assert.deepEqual([a!.toString(), b!.toString()], [robust(1n, 0n), robust(1n, 1n)])
  })

  it('verifies signatures by an ID signer through its account key', async () => {
    const { call } = await withProbe()
    const data = new TextEncoder().encode('hello')
    const priv = new Uint8Array(32)
    priv[31] = 1
    priv[0] = 1
    const sig = sign(SigType.Secp256k1, priv, data)
    const good = await call(3n, encode(VerifyParamsCodec, { sig, signer: ID(100), data }))
    assert.equal(good.receipt.exitCode, 0, good.error)
    assert.equal(decode(Bool, good.receipt.return), true)
    const bad = await call(3n, encode(VerifyParamsCodec, { sig, signer: ID(101), data }))
    assert.equal(decode(Bool, bad.receipt.return), false)
  })

  it('a failed send inside an actor is returned, not thrown, and leaves nothing behind', async () => {
    const { vm, created, call } = await withProbe()
    const r = await call(5n, encode(AddressCodec, ID(7777)))
    assert.equal(r.receipt.exitCode, 0, r.error)
    assert.equal(decode(Uint, r.receipt.return), ExitCode.SysErrInvalidReceiver)
    assert.equal(await balanceOf(vm, created.idAddress), 10n)
  })

  it('fails randomness without a source (20) and deletes an actor, moving its balance', async () => {
    const { s, vm, created, call } = await withProbe()
    assert.equal((await call(6n, new Uint8Array(0))).receipt.exitCode, ExitCode.ErrIllegalState)
    const before = await balanceOf(vm, s.ids[1]!)
    const r = await call(4n, encode(AddressCodec, s.ids[1]!))
    assert.equal(r.receipt.exitCode, 0, r.error)
    assert.equal(await vm.tree.getActor(created.idAddress), undefined)
    assert.equal(await balanceOf(vm, s.ids[1]!), before + 10n)
  })
})
