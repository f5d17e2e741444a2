import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMessageChains, gasPerf, gasReward } from '../../../src/chain/mpool/chains.ts'
import { MessagePool } from '../../../src/chain/mpool/message-pool.ts'
import { selectMessagesGreedy } from '../../../src/chain/mpool/selection.ts'
import { putBlockMessages } from '../../../src/chain/store/msg-meta.ts'
import type { SignedMessage } from '../../../src/core/signed-message.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { childBlock } from '../store/chain-builder.ts'
import { FakeProvider, newKey, signed } from './fixtures.ts'

const FIL = 10n ** 18n
const label = (sm: SignedMessage) => `${sm.message.from.toString().slice(0, 6)}:${sm.message.nonce}`

test('gas reward and performance follow Lotus (effective premium, x3 penalty when negative)', () => {
  const k = newKey()
  const sm = signed(k, 0, { gasFeeCap: 1000n, gasPremium: 300n, gasLimit: 1_000_000n })
  assert.equal(gasReward(sm, 100n), 300_000_000n) // premium below feeCap - baseFee
  assert.equal(gasReward(sm, 800n), 200_000_000n) // capped at feeCap - baseFee
  assert.equal(gasReward(sm, 1100n), -300_000_000n) // negative: tripled
  assert.equal(gasPerf(300_000_000n, 1_000_000n, 10_000_000_000n), 3e12)
})

test('chains: contiguous from the state nonce, cut at a gap and at the balance, merged to keep order', () => {
  const k = newKey()
  const msgs = new Map<bigint, SignedMessage>()
  // Nonce 5 pays little, 6 pays a lot: one chain (the 6 pulls the 5 along); 7 pays less: a new chain.
  for (const [n, prem] of [
    [4, 900],
    [5, 10],
    [6, 900],
    [7, 50],
    [9, 900],
  ] as const)
    msgs.set(BigInt(n), signed(k, n, { gasPremium: BigInt(prem) }))
  const chains = createMessageChains(msgs, { nonce: 5n, balance: FIL }, 0n, devnet.blockGasLimit)
  assert.deepEqual(
    chains.map((c) => c.msgs.map((m) => Number(m.message.nonce))),
    [[5, 6], [7]],
  )
  assert.ok(chains[0]!.gasPerf > chains[1]!.gasPerf)
  assert.equal(chains[1]!.prev, chains[0])
  // Balance for two messages' fees only.
  const poor = createMessageChains(msgs, { nonce: 5n, balance: 2_000_000_000n }, 0n, devnet.blockGasLimit)
  assert.deepEqual(
    poor.flatMap((c) => c.msgs.map((m) => Number(m.message.nonce))),
    [5, 6],
  )
})

test('greedy selection: best gas performance first, within the block gas limit, then tail packing', () => {
  const [a, b, c] = [newKey(), newKey(), newKey()]
  const big = 4_000_000_000n
  const pending = new Map<string, Map<bigint, SignedMessage>>([
    [a.addr.toString(), new Map([[0n, signed(a, 0, { gasLimit: big, gasPremium: 100n })]])],
    [
      b.addr.toString(),
      new Map([
        [0n, signed(b, 0, { gasLimit: big, gasPremium: 300n })],
        [1n, signed(b, 1, { gasLimit: big, gasPremium: 200n })],
      ]),
    ],
    [c.addr.toString(), new Map([[0n, signed(c, 0, { gasLimit: 1_500_000n, gasPremium: 50n })]])],
  ])
  const sel = selectMessagesGreedy({
    pending,
    senderState: () => ({ nonce: 0n, balance: 100n * FIL }),
    baseFee: 100n,
    blockGasLimit: devnet.blockGasLimit,
  })
  // b:0 (300) and b:1 (200) fill 8e9 of 10e9; a:0 (4e9) does not fit; c:0 (small) packs the tail.
  assert.deepEqual(
    sel.map(label),
    [b, b, c].map((k, i) => `${k.addr.toString().slice(0, 6)}:${[0, 1, 0][i]}`),
  )
  const total = sel.reduce((s, m) => s + m.message.gasLimit, 0n)
  assert.ok(total <= devnet.blockGasLimit)
})

test('MessagePool.selectMessages uses the pool and the state', async () => {
  const p = new FakeProvider()
  const mp = new MessagePool(p, { profile: devnet })
  const [a, b] = [newKey(), newKey()]
  for (const k of [a, b]) p.state.balances.set(k.addr.toString(), FIL)
  await mp.push(signed(a, 0, { gasPremium: 100n }))
  await mp.push(signed(b, 0, { gasPremium: 500n }))
  await mp.push(signed(b, 2, { gasPremium: 900n })) // gap: not selectable
  const sel = await mp.selectMessages()
  assert.deepEqual(
    sel.map((m) => [m.message.from.toString(), m.message.nonce]),
    [
      [b.addr.toString(), 0n],
      [a.addr.toString(), 0n],
    ],
  )
})

test('head changes: included messages leave, reverted ones (secp and BLS) return; republish', async () => {
  const p = new FakeProvider()
  const mp = new MessagePool(p, { profile: devnet })
  const s = newKey()
  const bl = newKey(2)
  for (const k of [s, bl]) p.state.balances.set(k.addr.toString(), FIL)
  const s0 = signed(s, 0)
  const s1 = signed(s, 1)
  const b0 = signed(bl, 0)
  for (const m of [s0, s1, b0]) await mp.push(m)
  assert.equal(mp.pending().length, 3)
  assert.equal(p.published.length, 3)

  // A block includes s0 and b0.
  const meta = await putBlockMessages(p.bs, { bls: [b0.message], secp: [s0] })
  const ts1 = TipSet.create([childBlock(p.current, { messages: meta })])
  p.tipsets.set(ts1.key.key, ts1)
  await mp.headChange([], [ts1])
  p.state.nonces.set(s.addr.toString(), 1n)
  p.state.nonces.set(bl.addr.toString(), 1n)
  assert.deepEqual(
    mp.pending().map((m) => m.message.nonce),
    [1n],
  )
  assert.equal(mp.head, ts1)
  assert.equal(await mp.getNonce(s.addr), 2n)

  // It is reverted: both come back, with the BLS signature from the pool's cache.
  p.state.nonces.clear()
  await mp.headChange([ts1], [])
  const back = mp.pending()
  assert.equal(back.length, 3)
  assert.ok(back.some((m) => m.signature.type === 2 && m.message.from.equals(bl.addr)))
  assert.equal(await mp.getNonce(s.addr), 2n)
  assert.ok(mp.head.equals(p.current))

  p.published.length = 0
  assert.equal(await mp.republish(), 3)
})

test('the republish loop publishes local messages until aborted', async () => {
  const p = new FakeProvider()
  const mp = new MessagePool(p, { profile: devnet })
  const k = newKey()
  p.state.balances.set(k.addr.toString(), FIL)
  await mp.push(signed(k, 0), { publish: false })
  const ac = new AbortController()
  mp.startRepublishLoop(5, ac.signal)
  while (p.published.length < 2) await new Promise((r) => setTimeout(r, 5))
  ac.abort()
  const n = p.published.length
  await new Promise((r) => setTimeout(r, 30))
  assert.ok(p.published.length <= n + 1)
  assert.ok(p.published.every((m) => m.message.nonce === 0n))
})

test('greedy selection trims the chain at the edge and keeps packing the tail', () => {
  const [a, b, c] = [newKey(), newKey(), newKey()]
  const pending = new Map<string, Map<bigint, SignedMessage>>([
    [a.addr.toString(), new Map([[0n, signed(a, 0, { gasLimit: 3_000_000_000n, gasPremium: 500n })]])],
    [
      b.addr.toString(),
      new Map([
        [0n, signed(b, 0, { gasLimit: 4_000_000_000n, gasPremium: 300n })],
        [1n, signed(b, 1, { gasLimit: 4_000_000_000n, gasPremium: 300n })],
      ]),
    ],
    [c.addr.toString(), new Map([[0n, signed(c, 0, { gasLimit: 1_500_000n, gasPremium: 100n })]])],
  ])
  const sel = selectMessagesGreedy({
    pending,
    senderState: () => ({ nonce: 0n, balance: 100n * FIL }),
    baseFee: 100n,
    blockGasLimit: devnet.blockGasLimit,
  })
  // a:0 (3e9) first; b's chain (8e9) no longer fits, so it is trimmed to b:0 (4e9); c:0 fills in after.
  assert.deepEqual(
    sel.map((m) => [m.message.from.toString(), m.message.nonce]),
    [
      [a.addr.toString(), 0n],
      [b.addr.toString(), 0n],
      [c.addr.toString(), 0n],
    ],
  )
  // Messages with a negative gas performance (fee cap below the base fee) are never selected.
  const losing = new Map([[c.addr.toString(), new Map([[0n, signed(c, 0, { gasFeeCap: 50n, gasPremium: 10n })]])]])
  assert.deepEqual(
    selectMessagesGreedy({
      pending: losing,
      senderState: () => ({ nonce: 0n, balance: FIL }),
      baseFee: 100n,
      blockGasLimit: devnet.blockGasLimit,
    }),
    [],
  )
})

test('priority senders are packed first, whatever their gas performance', async () => {
  const p = new FakeProvider()
  const [low, high] = [newKey(), newKey()]
  for (const k of [low, high]) p.state.balances.set(k.addr.toString(), FIL)
  const mp = new MessagePool(p, { profile: devnet, priorityAddrs: [low.addr] })
  await mp.push(signed(high, 0, { gasLimit: 6_000_000_000n, gasPremium: 900n }))
  await mp.push(signed(low, 0, { gasLimit: 6_000_000_000n, gasPremium: 100n }))
  // Both need 6e9 of 10e9: only the priority sender's fits.
  assert.deepEqual(
    (await mp.selectMessages()).map((m) => m.message.from.toString()),
    [low.addr.toString()],
  )
  const plain = new MessagePool(p, { profile: devnet })
  await plain.push(signed(high, 0, { gasLimit: 6_000_000_000n, gasPremium: 900n }))
  await plain.push(signed(low, 0, { gasLimit: 6_000_000_000n, gasPremium: 100n }))
  assert.deepEqual(
    (await plain.selectMessages()).map((m) => m.message.from.toString()),
    [high.addr.toString()],
  )
})
