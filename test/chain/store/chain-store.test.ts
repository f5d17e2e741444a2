import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { blockTimestamp, miningStartTime, nullRounds } from '../../../src/chain/consensus/time.ts'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import { lookbackForRound } from '../../../src/chain/store/lookback.ts'
import type { HeadChange } from '../../../src/chain/store/reorg.ts'
import { Address } from '../../../src/core/address.ts'
import { blockHeaderCid } from '../../../src/core/block-header.ts'
import type { Message } from '../../../src/core/message.ts'
import { SigType } from '../../../src/core/signature.ts'
import { signedMessageCid } from '../../../src/core/signed-message.ts'
import { compareTickets } from '../../../src/core/ticket.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { LmdbBlockstore } from '../../../src/ipld/lmdb-blockstore.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { child, childBlock, genesisTipSet } from './chain-builder.ts'

const dirs: string[] = []
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function openStore(dir?: string, finality = 900) {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'chainstore-'))
  if (!dir) dirs.push(d)
  const bs = LmdbBlockstore.open({ path: join(d, 'blocks') })
  const cs = await ChainStore.open({ blockstore: bs }, { path: join(d, 'index'), finality })
  return { dir: d, bs, cs }
}

function msg(nonce: number, from = Address.fromId(100)): Message {
  return {
    version: 0,
    to: Address.fromId(200),
    from,
    nonce: BigInt(nonce),
    value: 1n,
    gasLimit: 1000n,
    gasFeeCap: 200n,
    gasPremium: 100n,
    method: 0n,
    params: new Uint8Array(),
  }
}

/** Builds a linear chain of `n` tipsets on `base`, storing each. */
async function extend(cs: ChainStore, base: TipSet, n: number, ticket = 0): Promise<TipSet[]> {
  const out: TipSet[] = []
  let cur = base
  for (let i = 0; i < n; i++) {
    cur = child(cur, { ticket })
    await cs.putTipSet(cur)
    out.push(cur)
  }
  return out
}

test('headers, messages and MsgMeta round-trip; the head and indices persist across reopen', async () => {
  const { dir, bs, cs } = await openStore()
  const gen = genesisTipSet()
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(gen.blocks[0]!)
  assert.ok(cs.getHead()!.equals(gen))

  const bls = [msg(0), msg(1)]
  const secp = [
    { message: msg(0, Address.fromId(101)), signature: { type: SigType.Secp256k1, data: new Uint8Array(65) } },
  ]
  const meta = await cs.putBlockMessages({ bls, secp })
  const b1 = childBlock(gen, { messages: meta })
  const ts1 = TipSet.create([b1])
  await cs.putTipSet(ts1)
  const got = await cs.messagesForBlock(b1)
  assert.deepEqual(got.bls, bls)
  assert.deepEqual(got.secp, secp)
  assert.deepEqual(await cs.getBlockHeader(ts1.cids[0]!), b1)
  assert.equal(await cs.hasBlockHeader(ts1.cids[0]!), true)
  assert.equal(await cs.hasBlockHeader(blockHeaderCid(childBlock(ts1))), false)

  const [ts2, ts3] = await extend(cs, ts1, 2)
  assert.equal(await cs.maybeTakeHeavierTipSet(ts3!, 30n), true)
  assert.ok(cs.getHead()!.equals(ts3!))
  const loc = cs.searchMessage(signedMessageCid(secp[0]!))
  assert.equal(loc?.height, 1)
  assert.ok(loc?.tipset.equals(ts1.key))
  assert.equal(loc?.index, 2)
  assert.equal(cs.searchMessage(signedMessageCid({ ...secp[0]!, message: msg(9) })), undefined)
  assert.ok((await cs.getTipSetByHeight(2)).equals(ts2!))
  await cs.close()
  await bs.close()

  const again = await openStore(dir)
  assert.ok(again.cs.getHead()!.equals(ts3!))
  assert.equal(again.cs.getHeadWeight(), 30n)
  assert.equal(again.cs.searchMessage(signedMessageCid(secp[0]!))?.height, 1)
  assert.ok((await again.cs.getTipSetByHeight(1)).equals(ts1))
  assert.deepEqual(await again.cs.getGenesis(), gen.blocks[0])
  await again.cs.close()
  await again.bs.close()
})

test('getTipSetByHeight: null rounds give the tipset before (prev) or after; also off the head', async () => {
  const { cs, bs } = await openStore()
  const gen = genesisTipSet()
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(gen.blocks[0]!)
  const t1 = child(gen)
  const t4 = child(t1, { gap: 3 }) // heights 2 and 3 are null rounds
  const t5 = child(t4)
  for (const t of [t1, t4, t5]) await cs.putTipSet(t)
  await cs.setHead(t5, 50n)
  assert.ok((await cs.getTipSetByHeight(3)).equals(t1))
  assert.ok((await cs.getTipSetByHeight(2, undefined, false)).equals(t4))
  assert.ok((await cs.getTipSetByHeight(4)).equals(t4))
  assert.ok((await cs.getTipSetByHeight(0)).equals(gen))
  // From a tipset that is not the head: walks parents.
  assert.ok((await cs.getTipSetByHeight(3, t4)).equals(t1))
  assert.ok((await cs.getTipSetByHeight(2, t4, false)).equals(t4))
  await assert.rejects(cs.getTipSetByHeight(6), /greater than start point/)
  await cs.close()
  await bs.close()
})

test('reorg: revert and apply notifications, indices follow, ties go to the smaller ticket', async () => {
  const { cs, bs } = await openStore()
  const gen = genesisTipSet()
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(gen.blocks[0]!)
  const a = await extend(cs, gen, 3, 1)
  await cs.setHead(a[2]!, 100n)
  const b = await extend(cs, a[0]!, 3, 2) // fork after a1, one tipset longer
  const seen: HeadChange[][] = []
  const unsubscribe = cs.subscribe((c) => seen.push(c))
  assert.equal(await cs.maybeTakeHeavierTipSet(b[2]!, 99n), false, 'lighter is ignored')
  assert.equal(await cs.maybeTakeHeavierTipSet(b[2]!, 110n), true)
  assert.equal(seen.length, 1)
  assert.deepEqual(
    seen[0]!.map((c) => `${c.type}@${c.ts.height}`),
    ['revert@3', 'revert@2', 'apply@2', 'apply@3', 'apply@4'],
  )
  assert.ok(seen[0]![0]!.ts.equals(a[2]!))
  assert.ok((await cs.getTipSetByHeight(2)).equals(b[0]!))
  assert.ok((await cs.getTipSetByHeight(4)).equals(b[2]!))

  // Equal weight: the tipset with the smaller ticket digest wins (breakWeightTie).
  const s1 = child(b[2]!, { ticket: 7 })
  const s2 = child(b[2]!, { ticket: 8 })
  await cs.putTipSet(s1)
  await cs.putTipSet(s2)
  await cs.maybeTakeHeavierTipSet(s1, 120n)
  const other = cs.getHead()!.equals(s1) ? s2 : s1
  const smaller = compareTickets(s1.minTicket, s2.minTicket) < 0 ? s1 : s2
  await cs.maybeTakeHeavierTipSet(other, 120n)
  assert.ok(cs.getHead()!.equals(smaller))
  unsubscribe()
  await cs.close()
  await bs.close()
})

test('a fork at least finality deep is refused with an error naming finality', async () => {
  const { cs, bs } = await openStore(undefined, 3)
  const gen = genesisTipSet()
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(gen.blocks[0]!)
  const a = await extend(cs, gen, 4, 1)
  await cs.setHead(a[3]!, 40n)
  const shallow = await extend(cs, a[1]!, 3, 2) // two tipsets of ours to revert: within 3
  const deep = await extend(cs, gen, 6, 3) // four to revert: too deep
  await assert.rejects(
    cs.maybeTakeHeavierTipSet(deep[5]!, 1000n),
    (e: unknown) => e instanceof InvalidError && /finality/.test(e.message),
  )
  assert.ok(cs.getHead()!.equals(a[3]!), 'head unchanged')
  assert.equal(await cs.maybeTakeHeavierTipSet(shallow[2]!, 50n), true)
  await cs.close()
  await bs.close()
})

test('messages by CID (ChainGetMessage) and the base fee of a stored tipset', async () => {
  const { cs, bs } = await openStore()
  const gen = genesisTipSet()
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(gen.blocks[0]!)
  const m = msg(0)
  const sm = { message: msg(1), signature: { type: SigType.Secp256k1, data: new Uint8Array(65) } }
  const c1 = await cs.putMessage(m)
  const c2 = await cs.putMessage(sm)
  assert.ok(c2.equals(signedMessageCid(sm)))
  assert.deepEqual(await cs.getMessage(c1), m)
  assert.deepEqual(await cs.getMessage(c2), sm.message)
  await assert.rejects(cs.getMessage(gen.cids[0]!), /SignedMessage/)
  // Two blocks sharing a message: its gas limit counts once. 2 x 3e9 unique over 2 blocks = 3e9 avg.
  const big = { ...msg(2), gasLimit: 3_000_000_000n }
  const other = { ...msg(3), gasLimit: 3_000_000_000n }
  const metaA = await cs.putBlockMessages({ bls: [big, other], secp: [] })
  const metaB = await cs.putBlockMessages({ bls: [big], secp: [] })
  const ts = TipSet.create([
    childBlock(gen, { messages: metaA, ticket: 1 }),
    childBlock(gen, { messages: metaB, ticket: 2 }),
  ])
  assert.equal((await cs.messagesForTipSet(ts)).length, 2)
  // delta = 6e9/2 − 5e9 = −2e9: change = 1e8·(−2e9)/5e9/8 = −5e6.
  assert.equal(await cs.computeBaseFee(ts, { blockGasTarget: 5_000_000_000n, minimumBaseFee: 100n }), 95_000_000n)
  await cs.close()
  await bs.close()
})

test('election lookback: the tipset at round − lookback (or before nulls) and the state its child names', async () => {
  const { cs, bs } = await openStore()
  const gen = genesisTipSet()
  await cs.putBlockMessages({ bls: [], secp: [] })
  await cs.setGenesis(gen.blocks[0]!)
  const t1 = child(gen)
  const t4 = child(t1, { gap: 3 })
  const t5 = child(t4)
  for (const t of [t1, t4, t5]) await cs.putTipSet(t)
  await cs.setHead(t5, 50n)
  const lb = await lookbackForRound(cs, t5, 6, 3) // lbr 3 is a null round: its tipset is t1
  assert.ok(lb.tipset.equals(t1))
  assert.ok(lb.stateRoot?.equals(t4.parentState))
  const far = await lookbackForRound(cs, t5, 6, 900) // before genesis: genesis
  assert.ok(far.tipset.equals(gen))
  assert.deepEqual(await lookbackForRound(cs, t5, 6, 1), { tipset: t5, stateRoot: null })
  // Block time follows the parent and the null rounds.
  assert.equal(blockTimestamp(t4, 7, devnet), t4.minTimestamp + 12)
  assert.equal(miningStartTime(t4, 5, devnet), t4.minTimestamp + 1)
  assert.equal(nullRounds(t1, 4), 2)
  assert.throws(() => blockTimestamp(t4, 4, devnet), /not above/)
  await cs.close()
  await bs.close()
})
