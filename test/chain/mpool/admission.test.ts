import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TOTAL_FILECOIN } from '../../../src/chain/consensus/message-validity.ts'
import { MessagePool } from '../../../src/chain/mpool/message-pool.ts'
import { computeMinRBF } from '../../../src/chain/mpool/msg-set.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { InvalidError, SignatureError } from '../../../src/util/errors.ts'
import { FakeProvider, type Key, newKey, signed, signMsg, unsigned } from './fixtures.ts'

const FIL = 10n ** 18n

function setup(opts: { maxPendingPerSender?: number } = {}) {
  const p = new FakeProvider()
  const mp = new MessagePool(p, { profile: devnet, ...opts })
  const key = newKey()
  p.state.balances.set(key.addr.toString(), 1000n * FIL)
  return { p, mp, key }
}

async function rejects(mp: MessagePool, sm: ReturnType<typeof signed>, re: RegExp, type: unknown = InvalidError) {
  await assert.rejects(
    mp.push(sm),
    (e: unknown) => e instanceof (type as typeof Error) && re.test((e as Error).message),
  )
}

test('admission: each stateless rule refuses with its reason', async () => {
  const { mp, key } = setup()
  await rejects(mp, signed(key, 0, { params: new Uint8Array(65 * 1024) }), /mpool message too large .*message too big/)
  await rejects(mp, signed(key, 0, { version: 1 }), /not valid for block inclusion: 'Version' unsupported/)
  await rejects(mp, signed(key, 0, { value: TOTAL_FILECOIN + 1n }), /greater than total filecoin supply/)
  await rejects(mp, signed(key, 0, { value: TOTAL_FILECOIN }), /cannot send more filecoin than will ever exist/)
  await rejects(mp, signed(key, 0, { gasPremium: 1001n }), /'GasFeeCap' less than 'GasPremium'/)
  await rejects(mp, signed(key, 0, { gasLimit: 0n }), /'GasLimit' field 0 must be positive/)
  await rejects(mp, signed(key, 0, { gasLimit: devnet.blockGasLimit + 1n }), /greater than a block's gas limit/)
  await rejects(mp, signed(key, 0, { gasFeeCap: 99n, gasPremium: 1n }), /gas fee cap too low/)
  // Signed by another key: the signature does not match the sender.
  const other = newKey()
  await rejects(mp, signMsg(other, unsigned(key.addr, 0)), /signature verification failed/, SignatureError)
  assert.equal(mp.pending().length, 0)
})

test('admission: state nonce, funds, pending limit, nonce gaps, duplicates', async () => {
  const { p, mp, key } = setup({ maxPendingPerSender: 6 })
  p.state.nonces.set(key.addr.toString(), 3n)
  await rejects(mp, signed(key, 2), /minimum expected nonce is 3, got 2: message nonce too low/)

  const poor = newKey()
  p.state.balances.set(poor.addr.toString(), 1_500_000_000n) // covers one message's 1e9 fee, not two
  await rejects(mp, signed(poor, 0, { gasFeeCap: 2_000n }), /not enough funds \(required: 2000000000, balance/)
  await mp.push(signed(poor, 0))
  await rejects(mp, signed(poor, 1), /not enough funds including pending messages \(required: 2000000000/)
  await rejects(mp, signed(poor, 1, { gasLimit: 100_000n, value: 500_000_000n }), /including pending/)

  await mp.push(signed(key, 3))
  await rejects(
    mp,
    signed(key, 9),
    /too big a gap from expected nonce \(Nonce: 9, nextNonce: 4\): unfulfilled nonce gap/,
  )
  await mp.push(signed(key, 8)) // exactly the allowed gap of 4
  await rejects(mp, signed(key, 3), /already in mpool: message with nonce already exists/)
  for (const n of [4, 5, 6, 7]) await mp.push(signed(key, n))
  await rejects(mp, signed(key, 9), /too many pending messages for actor/)
  assert.equal(mp.pending().filter((m) => m.message.from.equals(key.addr)).length, 6)

  // Untrusted pushes must be contiguous.
  const u = newKey()
  p.state.balances.set(u.addr.toString(), FIL)
  await assert.rejects(mp.push(signed(u, 1), { untrusted: true }), /unfulfilled nonce gap/)
  await mp.push(signed(u, 0), { untrusted: true })
})

test('network adds need GasFeeCap above the base fee lower bound; local ones wait to be published', async () => {
  const p = new FakeProvider(100_000_000n) // the bound is 1e8 / 100 = 1e6
  const mp = new MessagePool(p, { profile: devnet })
  const key = newKey()
  p.state.balances.set(key.addr.toString(), FIL)
  await assert.rejects(mp.add(signed(key, 0, { gasFeeCap: 999_999n })), /base fee lower bound.*validation failure/)
  await mp.add(signed(key, 0, { gasFeeCap: 1_000_000n }))
  const local = newKey()
  p.state.balances.set(local.addr.toString(), FIL)
  await mp.push(signed(local, 0, { gasFeeCap: 999_999n }))
  assert.equal(p.published.length, 0, 'admitted, not published')
  await mp.push(signed(local, 1, { gasFeeCap: 1_000_000n }))
  assert.equal(p.published.length, 1)
  assert.equal(mp.pending().length, 3)
})

test('replace by fee: exactly the minimum premium replaces, one below is refused', async () => {
  const { mp, key } = setup()
  await mp.push(signed(key, 0, { gasPremium: 100n }))
  assert.equal(computeMinRBF(100n), 111n)
  await rejects(
    mp,
    signed(key, 0, { gasPremium: 110n }),
    /increase GasPremium to 111 from 110 to trigger replace by fee: replace by fee has too low GasPremium/,
  )
  const winner = signed(key, 0, { gasPremium: 111n })
  await mp.push(winner)
  assert.deepEqual(mp.pending(), [winner])
  // Lotus integer arithmetic: 7·110/100 = 7 (floor), +1.
  assert.equal(computeMinRBF(7n), 8n)
  assert.equal(computeMinRBF(0n), 1n)
})

test('getNonce: state nonce advanced past contiguous pending messages only', async () => {
  const { p, mp, key } = setup()
  p.state.nonces.set(key.addr.toString(), 5n)
  assert.equal(await mp.getNonce(key.addr), 5n)
  await mp.push(signed(key, 5))
  await mp.push(signed(key, 6))
  await mp.push(signed(key, 8))
  assert.equal(await mp.getNonce(key.addr), 7n)
  await mp.push(signed(key, 7))
  assert.equal(await mp.getNonce(key.addr), 9n)
  // If the state moves past the pool, the state wins.
  p.state.nonces.set(key.addr.toString(), 12n)
  assert.equal(await mp.getNonce(key.addr), 12n)
})

test('BLS-signed messages are admitted and verified', async () => {
  const { p, mp } = setup()
  const k: Key = newKey(2)
  p.state.balances.set(k.addr.toString(), FIL)
  await mp.push(signed(k, 0))
  const bad = signed(k, 1)
  bad.signature.data = signed(k, 2).signature.data
  await rejects(mp, bad, /signature verification failed/, SignatureError)
})

test('concurrent pushes are admitted one at a time: pending funds are never double-counted', async () => {
  const { p, mp } = setup()
  const k = newKey()
  p.state.balances.set(k.addr.toString(), 1_500_000_000n) // one message's 1e9 fee, not two
  const results = await Promise.allSettled([mp.push(signed(k, 0)), mp.push(signed(k, 1))])
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected'],
  )
  assert.match(String((results[1] as PromiseRejectedResult).reason), /including pending messages/)
  // A refused first message leaves no sender state behind.
  const q = newKey()
  await assert.rejects(mp.push(signed(q, 0)), /not enough funds/)
  assert.equal(await mp.getNonce(q.addr), 0n)
})
