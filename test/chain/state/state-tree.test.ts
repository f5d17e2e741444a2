import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Actor } from '../../../src/core/actor.ts'
import { Address } from '../../../src/core/address.ts'
import { CODE_CIDS } from '../../../src/chain/actors/code-cids.ts'
import { buildGenesisState } from '../../../src/chain/actors/genesis-state.ts'
import { StateTree } from '../../../src/chain/state/state-tree.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { putCbor } from '../../../src/ipld/blockstore.ts'
import { InvalidError, NotFoundError } from '../../../src/util/errors.ts'
import { toHex } from '../../../src/util/bytes.ts'
import { decode } from '../../../src/core/codec.ts'
import { StateRootCodec } from '../../../src/chain/state/state-root.ts'
import { secpAddress } from '../vm/fixtures.ts'

async function actor(store: MemoryBlockstore, balance: bigint): Promise<Actor> {
  return { code: CODE_CIDS.account, head: await putCbor(store, []), nonce: 0n, balance, delegatedAddress: null }
}

describe('StateTree', () => {
  it('writes an empty tree as [5, empty HAMT, empty StateInfo]', async () => {
    const store = new MemoryBlockstore()
    const root = await (await StateTree.create(store)).flush()
    const sr = decode(StateRootCodec, (await store.get(root))!)
    assert.equal(sr.version, 5)
    assert.equal(sr.actors.toString(), 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay')
    assert.equal(toHex((await store.get(sr.info))!), '80')
  })

  it('round-trips actors through flush and load', async () => {
    const store = new MemoryBlockstore()
    const tree = await StateTree.create(store)
    for (let i = 0; i < 50; i++) await tree.setActor(Address.fromId(1000 + i), await actor(store, BigInt(i)))
    const root = await tree.flush()
    const again = await StateTree.load(store, root)
    for (let i = 0; i < 50; i++) assert.equal((await again.getActor(Address.fromId(1000 + i)))?.balance, BigInt(i))
    assert.equal(await again.getActor(Address.fromId(5000)), undefined)
    let n = 0
    for await (const _ of again.actors()) n++
    assert.equal(n, 50)
  })

  it('gives the same root whatever the order of writes', async () => {
    const store = new MemoryBlockstore()
    const a = await StateTree.create(store)
    const b = await StateTree.create(store)
    for (let i = 0; i < 30; i++) await a.setActor(Address.fromId(i), await actor(store, BigInt(i)))
    for (let i = 29; i >= 0; i--) await b.setActor(Address.fromId(i), await actor(store, BigInt(i)))
    assert.equal((await a.flush()).toString(), (await b.flush()).toString())
  })

  it('reverts a snapshot and keeps a cleared one', async () => {
    const store = new MemoryBlockstore()
    const tree = await StateTree.create(store)
    const x = Address.fromId(7)
    await tree.setActor(x, await actor(store, 1n))
    tree.snapshot()
    await tree.setActor(x, await actor(store, 2n))
    await tree.setActor(Address.fromId(8), await actor(store, 3n))
    tree.revert()
    tree.clearSnapshot()
    assert.equal((await tree.getActor(x))?.balance, 1n)
    assert.equal(await tree.getActor(Address.fromId(8)), undefined)
    tree.snapshot()
    tree.snapshot()
    await tree.deleteActor(x)
    tree.clearSnapshot()
    tree.clearSnapshot()
    assert.equal(await tree.getActor(x), undefined)
    await assert.rejects(
      tree.flush().then(() => tree.revert()),
      InvalidError,
    )
  })

  it('refuses to flush with an open snapshot and to set an unmapped key address', async () => {
    const store = new MemoryBlockstore()
    const tree = await StateTree.create(store)
    tree.snapshot()
    await assert.rejects(tree.flush(), InvalidError)
    await assert.rejects(tree.setActor(secpAddress(9), await actor(store, 0n)), NotFoundError)
  })

  it('resolves key addresses through the Init actor and registers new ones', async () => {
    const store = new MemoryBlockstore()
    const k = secpAddress(1)
    const { stateRoot, accountIds } = await buildGenesisState(store, {
      networkName: 'n',
      accounts: [{ address: k, balance: 5n }],
    })
    assert.equal(accountIds[0]!.toString(), Address.fromId(100).toString())
    const tree = await StateTree.load(store, stateRoot)
    assert.equal((await tree.lookupId(k))?.toString(), Address.fromId(100).toString())
    assert.equal((await tree.getActor(k))?.balance, 5n)
    const k2 = secpAddress(2)
    assert.equal(await tree.lookupId(k2), undefined)
    tree.snapshot()
    assert.equal((await tree.registerNewAddress(k2)).toString(), Address.fromId(101).toString())
    assert.equal((await tree.lookupId(k2))?.toString(), Address.fromId(101).toString())
    tree.revert()
    tree.clearSnapshot()
    assert.equal(await tree.lookupId(k2), undefined, 'the Init change was reverted with the snapshot')
  })
})
