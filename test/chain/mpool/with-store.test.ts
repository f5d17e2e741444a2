import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { MessagePool } from '../../../src/chain/mpool/message-pool.ts'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { child, childBlock, genesisTipSet } from '../store/chain-builder.ts'
import { FakeState, newKey, signed } from './fixtures.ts'

test('the pool follows a chain store reorg: included messages leave, reverted ones return', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpool-store-'))
  try {
    const cs = await ChainStore.open({ blockstore: new MemoryBlockstore() }, { path: dir })
    const gen = genesisTipSet()
    await cs.putBlockMessages({ bls: [], secp: [] })
    await cs.setGenesis(gen.blocks[0]!)
    const state = new FakeState()
    const mp = new MessagePool(
      {
        head: () => cs.getHead()!,
        stateAfter: () => state,
        baseFee: (ts) => cs.computeBaseFee(ts, devnet),
        loadTipSet: (k) => cs.loadTipSet(k),
        messagesForBlock: (h) => cs.messagesForBlock(h),
      },
      { profile: devnet },
    )
    const changes: Promise<void>[] = []
    cs.subscribe((c) => changes.push(mp.applyHeadChanges(c)))
    const k = newKey()
    state.balances.set(k.addr.toString(), 10n ** 18n)
    const m0 = signed(k, 0)
    const m1 = signed(k, 1)
    await mp.push(m0)
    await mp.push(m1)

    // Fork A includes m0; the pool drops it.
    const meta = await cs.putBlockMessages({ bls: [], secp: [m0] })
    const a1 = TipSet.create([childBlock(gen, { messages: meta, ticket: 1 })])
    await cs.putTipSet(a1)
    await cs.maybeTakeHeavierTipSet(a1, 10n)
    await Promise.all(changes)
    assert.deepEqual(mp.pending(), [m1])

    // Fork B (heavier, without m0) replaces A: m0 comes back.
    const b1 = child(gen, { ticket: 2 })
    const b2 = child(b1, { ticket: 2 })
    await cs.putTipSet(b1)
    await cs.putTipSet(b2)
    await cs.maybeTakeHeavierTipSet(b2, 20n)
    await Promise.all(changes)
    assert.deepEqual(mp.pending(), [m0, m1])
    assert.ok(mp.head.equals(b2))
    await cs.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
