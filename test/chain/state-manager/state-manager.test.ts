import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { computeNextBaseFee } from '../../../src/chain/consensus/base-fee.ts'
import { makeGenesisBlock } from '../../../src/chain/genesis/genblock.ts'
import { accountActor, newTemplate } from '../../../src/chain/genesis/template.ts'
import { MessagePool } from '../../../src/chain/mpool/message-pool.ts'
import { applyOnState, stateCall } from '../../../src/chain/state-manager/call.ts'
import { estimateMessageGas, FEE_CAP_FACTOR_256 } from '../../../src/chain/state-manager/gas-estimate.ts'
import { StateManager } from '../../../src/chain/state-manager/state-manager.ts'
import { StateTree } from '../../../src/chain/state/state-tree.ts'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import { CreateMinerParamsCodec, CreateMinerReturnCodec } from '../../../src/chain/actors/power/types.ts'
import { STORAGE_POWER_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { Address } from '../../../src/core/address.ts'
import { decode, encode } from '../../../src/core/codec.ts'
import type { BlockHeader } from '../../../src/core/block-header.ts'
import type { CID } from '../../../src/core/cid.ts'
import type { SignedMessage } from '../../../src/core/signed-message.ts'
import { signedMessageCid } from '../../../src/core/signed-message.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { type Key, newKey, signed } from '../mpool/fixtures.ts'

const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-stmgr-'))
const store = new MemoryBlockstore()
let chain: ChainStore
let sm: StateManager
let keys: Key[]
let genesis: TipSet
let total: bigint
after(async () => {
  await chain?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function sumBalances(root: CID): Promise<bigint> {
  const tree = await StateTree.load(store, root)
  let s = 0n
  for await (const [, a] of tree.actors()) s += a.balance
  return s
}

/** A block on `parent` carrying `secp`, with the parent's computed state and receipts, mined by an account. */
async function mine(parent: TipSet, secp: SignedMessage[], gap = 1): Promise<TipSet> {
  const exec = await sm.tipSetState(parent)
  const limits = (await chain.messagesForTipSet(parent)).map((m) => m.message.gasLimit)
  const h: BlockHeader = {
    ...parent.blocks[0]!,
    miner: Address.fromId(100), // an account: its block reward is burned (no miner actor yet)
    ticket: { vrfProof: new Uint8Array([parent.height, 1]) },
    electionProof: { winCount: 1, vrfProof: new Uint8Array([2]) },
    beaconEntries: [],
    parents: [...parent.cids],
    parentWeight: parent.parentWeight + 1n,
    height: parent.height + gap,
    parentStateRoot: exec.stateRoot,
    parentMessageReceipts: exec.receiptsRoot,
    messages: await chain.putBlockMessages({ bls: [], secp }),
    timestamp: parent.minTimestamp + 4 * gap,
    parentBaseFee: computeNextBaseFee(parent.blocks[0]!.parentBaseFee, limits, parent.blocks.length, devnet),
  }
  const ts = TipSet.create([h])
  await chain.setHead(ts, ts.parentWeight + 1n)
  return ts
}

before(async () => {
  keys = [newKey(), newKey()]
  const t = newTemplate('stmgr-test', 1_700_000_000)
  for (const k of keys) t.accounts.push(accountActor(k.addr, 1000n * FIL_PRECISION))
  const g = await makeGenesisBlock(store, t)
  chain = await ChainStore.open({ blockstore: store }, { path: join(dir, 'index') })
  await chain.setGenesis(g.header)
  genesis = chain.getHead()!
  sm = new StateManager({ chain, store }, { profile: devnet })
  total = await sumBalances(g.header.parentStateRoot)
})

const send = (k: Key, nonce: number, value: bigint, over = {}) =>
  signed(k, nonce, {
    to: keys[1]!.addr,
    value,
    gasLimit: 10_000_000n,
    gasFeeCap: 200_000_000n,
    gasPremium: 100_000n,
    ...over,
  })

describe('state manager over tipsets built on a genesis', () => {
  it('serves the genesis state: network name, IDs, balances, the StateView', async () => {
    assert.equal(await sm.networkName(genesis), 'stmgr-test')
    assert.equal((await sm.lookupId(keys[0]!.addr, genesis))?.toString(), 't0100')
    const view = sm.stateView(genesis)
    assert.equal(await view.actorBalance(keys[0]!.addr), 1000n * FIL_PRECISION)
    assert.equal(await view.actorNonce(keys[0]!.addr), 0n)
    assert.equal(await view.actorBalance(newKey().addr), 0n)
    assert.equal((await view.accountKey(Address.fromId(101))).toString(), keys[1]!.addr.toString())
    assert.deepEqual(await view.totalPower(), { rawBytePower: 0n, qualityAdjPower: 0n })
    assert.equal(await view.minerPower(Address.fromId(100)), undefined)
  })

  it('executes included messages in the next tipset, finds their receipts, and conserves FIL', async () => {
    const m0 = send(keys[0]!, 0, 7n * FIL_PRECISION)
    const m1 = send(keys[0]!, 1, 1n * FIL_PRECISION)
    const ts1 = await mine(genesis, [m0, m1])
    // Included but not executed yet: no receipt.
    assert.equal(await sm.searchMsg(signedMessageCid(m0)), undefined)
    const ts2 = await mine(ts1, [], 2) // one null round between
    const found = await sm.searchMsg(signedMessageCid(m1))
    assert.ok(found)
    assert.equal(found.receipt.exitCode, 0)
    assert.ok(found.tipSet.equals(ts2.key))
    assert.equal(found.height, ts2.height)
    assert.ok(found.receipt.gasUsed > 0n)

    const view = sm.stateView(ts2)
    assert.equal(await view.actorNonce(keys[0]!.addr), 2n)
    assert.equal(await view.actorBalance(keys[1]!.addr), 1008n * FIL_PRECISION)
    const after = await sm.tipSetState(ts2)
    assert.equal(await sumBalances(after.stateRoot), total)
    // Cached: the same object comes back.
    assert.equal(await sm.tipSetState(ts2), after)
    assert.equal(await sm.searchMsg(signedMessageCid(send(keys[1]!, 0, 1n))), undefined)
    await assert.doesNotReject(sm.waitMsg(signedMessageCid(m0), 0))
  })

  it('StateWaitMsg resolves once the message is executed with enough confidence', async () => {
    const head = chain.getHead()!
    const m = send(keys[0]!, 2, 1n)
    const waiting = sm.waitMsg(signedMessageCid(m), 1)
    const t1 = await mine(head, [m])
    const t2 = await mine(t1, [])
    await mine(t2, [])
    const r = await waiting
    assert.ok(r.tipSet.equals(t2.key))
    const ac = new AbortController()
    const never = sm.waitMsg(signedMessageCid(send(keys[1]!, 9, 1n)), 0, ac.signal)
    ac.abort()
    await assert.rejects(never, /aborted/)
  })

  it('StateCall applies without changing the state; failures come back as exit codes', async () => {
    const head = chain.getHead()!
    const before = (await sm.tipSetState(head)).stateRoot
    const m = { ...send(keys[1]!, 0, 5n * FIL_PRECISION, { to: keys[0]!.addr }).message, gasLimit: 0n }
    const r = await stateCall(sm, m, head)
    assert.equal(r.ret.receipt.exitCode, 0)
    const fromNobody = await stateCall(sm, { ...m, from: Address.fromId(0), value: 0n }, head)
    assert.equal(fromNobody.ret.receipt.exitCode, 0, 'as Lotus, any sender may call (an implicit message)')
    assert.equal(r.msg.gasFeeCap, 0n)
    assert.ok((await sm.tipSetState(head)).stateRoot.equals(before))
    const tooMuch = await stateCall(sm, { ...m, value: 10_000n * FIL_PRECISION }, head)
    assert.notEqual(tooMuch.ret.receipt.exitCode, 0)
  })

  it('estimates gas: limit above the gas used (×1.25), fee cap from the base fee, within the max fee', async () => {
    const head = chain.getHead()!
    const deps = { sm, pending: () => [], nonce: (a: Address) => sm.stateView(head).actorNonce(a) }
    const m = { ...send(keys[1]!, 0, 1n, { to: keys[0]!.addr }).message, gasLimit: 0n, gasFeeCap: 0n, gasPremium: 0n }
    const est = await estimateMessageGas(deps, m, head)
    const used = (await applyOnState(sm, head, { ...m, gasLimit: 10_000_000_000n }, { baseFee: 0n })).receipt.gasUsed
    // The estimate applies the message with other gas fields (a few bytes longer on chain), then adds 25%.
    assert.ok(est.gasLimit > (used * 6n) / 5n && est.gasLimit < (used * 13n) / 10n, `${est.gasLimit} vs ${used}`)
    assert.equal(est.gasPremium, 100_000n) // MinGasPremium... or the median of recent premiums, both 100,000
    assert.equal(est.gasFeeCap, ((await sm.baseFee(head)) * FEE_CAP_FACTOR_256) / 256n + est.gasPremium)
    const capped = await estimateMessageGas(deps, m, head, 1000n)
    assert.ok(capped.gasFeeCap * capped.gasLimit <= 1000n)
    await assert.rejects(
      estimateMessageGas(deps, { ...m, value: 10_000n * FIL_PRECISION }, head),
      /message execution failed: exit/,
    )
  })

  it('a miner created by a message has its worker key, a zero claim, and is not eligible', async () => {
    const owner = Address.fromId(100)
    const create = send(keys[0]!, 3, 0n, {
      to: STORAGE_POWER_ACTOR_ADDR,
      method: 2n,
      gasLimit: 1_000_000_000n,
      params: encode(CreateMinerParamsCodec, {
        owner,
        worker: owner,
        windowPoStProofType: 5,
        peer: new Uint8Array(0),
        multiaddrs: [],
      }),
    })
    const t1 = await mine(chain.getHead()!, [create])
    await mine(t1, [])
    const found = await sm.searchMsg(signedMessageCid(create))
    assert.equal(found?.receipt.exitCode, 0)
    const miner = decode(CreateMinerReturnCodec, found!.receipt.return).idAddress
    const view = sm.stateView(chain.getHead()!)
    assert.equal((await view.minerWorkerKey(miner)).toString(), keys[0]!.addr.toString())
    assert.deepEqual(await view.minerPower(miner), { rawBytePower: 0n, qualityAdjPower: 0n })
    assert.equal(await view.minerEligible(miner), false)
    await assert.rejects(view.minerWorkerKey(owner), /not a storage miner/)
    await assert.rejects(view.minerWorkerKey(Address.fromId(4242)), /no actor/)
  })

  it('feeds the mpool: nonces from the head state, included messages leave, stale nonces are refused', async () => {
    const mpool = new MessagePool(sm.mpoolProvider(), { profile: devnet })
    const unsub = chain.subscribe((c) => void mpool.applyHeadChanges(c))
    const k = keys[0]!
    const nonce = await sm.stateView(chain.getHead()!).actorNonce(k.addr)
    assert.equal(nonce, 4n)
    assert.equal(await mpool.getNonce(k.addr), 4n)
    await assert.rejects(mpool.push(send(k, 3, 1n)), /nonce too low/)
    const m = send(k, 4, 1n)
    await mpool.push(m)
    assert.equal(await mpool.getNonce(k.addr), 5n)
    await mine(chain.getHead()!, [m])
    await mpool.applyHeadChanges([]) // let the queued head change run
    assert.equal(mpool.pending().length, 0)
    unsub()
  })
})
