/**
 * The syncer over a real in-process chain (two pre-sealed miners, real worker keys, real WinningPoSt, a
 * local beacon with its key): valid blocks join the chain, two blocks of one height form one tipset, a
 * heavier fork takes the head, and every invalid block in the matrix is refused with a reason naming the
 * broken rule, remembered as bad, and leaves the head and the store as they were.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { BlockMsg } from '../../../src/core/mining.ts'
import { type BlockHeader, blockHeaderCid } from '../../../src/core/block-header.ts'
import { signedMessageCid } from '../../../src/core/signed-message.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import { FIL_PRECISION } from '../../../src/core/token.ts'
import { InvalidError, NotFoundError } from '../../../src/util/errors.ts'
import { newKey, signed, signMsg, unsigned } from '../mpool/fixtures.ts'
import { createFixture, type Fixture } from './fixture.ts'

let f: Fixture
before(async () => {
  f = await createFixture('syncer')
})
after(async () => {
  await f?.close()
})

const send = (nonce: number, value = 1n * FIL_PRECISION) =>
  signed(f.secp, nonce, {
    to: f.bls.addr,
    value,
    gasLimit: 10_000_000n,
    gasFeeCap: 1_000_000_000n,
    gasPremium: 100_000n,
  })

/** Submits a block expected to be refused: the error names `rule`, nothing changes, the block is marked bad. */
async function refused(blk: BlockMsg, rule: RegExp, o: { bad?: boolean } = {}): Promise<void> {
  const head = f.chain.getHead()!
  const weight = f.chain.getHeadWeight()
  const cid = blockHeaderCid(blk.header)
  await assert.rejects(f.syncer.submit(blk), (e: unknown) => {
    assert.ok(e instanceof InvalidError || e instanceof NotFoundError, `typed error, got ${e}`)
    assert.match((e as Error).message, rule)
    return true
  })
  assert.ok(f.chain.getHead()!.equals(head), 'head unchanged')
  assert.equal(f.chain.getHeadWeight(), weight)
  assert.equal(await f.chain.hasBlockHeader(cid), false, 'header not stored')
  if (o.bad === false) assert.equal(f.syncer.checkBad(cid), '')
  else assert.match(f.syncer.checkBad(cid), rule)
}

function withHeader(blk: BlockMsg, over: Partial<BlockHeader>, resign = true): BlockMsg {
  const h = { ...blk.header, ...over }
  const worker = f.miners.find((m) => m.id.equals(h.miner))!.worker
  return { ...blk, header: resign ? f.resign(h, worker) : h }
}

describe('syncer', () => {
  let b1: TipSet

  it('accepts a valid block with BLS and secp messages and makes it the head', async () => {
    const blsMsg = signMsg(
      f.bls,
      unsigned(f.bls.addr, 0, {
        to: f.secp.addr,
        value: 2n * FIL_PRECISION,
        gasLimit: 10_000_000n,
        gasFeeCap: 1_000_000_000n,
        gasPremium: 100_000n,
      }),
    )
    const { msg } = await f.produce(f.genesis, f.miners[0]!, { messages: [send(0), blsMsg] })
    assert.equal(msg.blsMessages.length, 1)
    assert.equal(msg.secpkMessages.length, 1)
    // a block at epoch e carries the beacon rounds after its parent's, up to e - 1 (none at epoch 1); the
    // miner may first win at a later epoch
    const rounds = (after: number, height: number) =>
      Array.from({ length: Math.max(0, height - 1 - after) }, (_, i) => after + 1 + i)
    assert.deepEqual(
      msg.header.beaconEntries.map((e) => e.round),
      rounds(0, msg.header.height),
    )
    const r = await f.syncer.submit(msg)
    assert.equal(r.head, true)
    b1 = f.chain.getHead()!
    assert.ok(b1.cids[0]!.equals(blockHeaderCid(msg.header)))
    assert.equal(f.syncer.checkBad(r.cid), '')
    // the messages are executed by the next block: its parent state shows the transfer
    const { msg: m2 } = await f.produce(b1, f.miners[0]!)
    assert.deepEqual(
      m2.header.beaconEntries.map((e) => e.round),
      rounds(Math.max(0, msg.header.height - 1), m2.header.height),
    )
    await f.syncer.submit(m2)
    const found = await f.sm.searchMsg(signedMessageCid(send(0)))
    assert.equal(found?.receipt.exitCode, 0)
  })

  it('refuses a duplicate', async () => {
    const head = f.chain.getHead()!
    const blk: BlockMsg = { header: head.blocks[0]!, blsMessages: [], secpkMessages: [] }
    await assert.rejects(f.syncer.submit(blk), /already known/)
    assert.ok(f.chain.getHead()!.equals(head))
  })

  describe('the invalid-block matrix', () => {
    let valid: BlockMsg
    before(async () => {
      valid = (await f.produce(f.chain.getHead()!, f.miners[0]!)).msg
    })

    it('bad block signature', async () => {
      const other = newKey(2)
      await refused({ ...valid, header: f.resign(valid.header, other) }, /block signature/)
    })
    it('bad ticket', async () => {
      const wrong = { vrfProof: f.resign(valid.header, f.miners[0]!.worker).blockSig!.data }
      await refused(withHeader(valid, { ticket: wrong }), /block tickets/)
    })
    it('bad election proof', async () => {
      const e = valid.header.electionProof!
      await refused(withHeader(valid, { electionProof: { ...e, winCount: e.winCount + 1 } }), /wrong number of wins/)
      const forged = { winCount: e.winCount, vrfProof: valid.header.ticket!.vrfProof }
      await refused(withHeader(valid, { electionProof: forged }), /election proof/)
    })
    it('wrong parent weight', async () => {
      await refused(withHeader(valid, { parentWeight: valid.header.parentWeight + 1n }), /parent weight different/)
    })
    it('wrong state root', async () => {
      await refused(withHeader(valid, { parentStateRoot: f.genesis.parentState }), /parent state root did not match/)
    })
    it('wrong base fee', async () => {
      await refused(withHeader(valid, { parentBaseFee: valid.header.parentBaseFee + 1n }), /base fee doesn't match/)
    })
    it('bad WinningPoSt', async () => {
      const p = valid.header.winPoStProof[0]!
      const bytes = p.proofBytes.slice()
      bytes[bytes.length - 1]! ^= 1
      await refused(withHeader(valid, { winPoStProof: [{ ...p, proofBytes: bytes }] }), /election post/)
    })
    it('bad beacon entry', async () => {
      const entries = valid.header.beaconEntries.map((e) => ({ ...e, data: e.data.slice().reverse() }))
      await refused(withHeader(valid, { beaconEntries: entries }), /beacon/)
    })
    it('wrong timestamp', async () => {
      await refused(withHeader(valid, { timestamp: valid.header.timestamp - 1 }), /wrong timestamp/)
    })
    it('a block from the future (not marked bad: it may become valid)', async () => {
      const saved = f.clock.now
      f.clock.now = valid.header.timestamp - 10
      try {
        await refused(valid, /from the future/, { bad: false })
      } finally {
        f.clock.now = saved
      }
    })
    it('unknown parents (not marked bad)', async () => {
      const stranger = blockHeaderCid({ ...valid.header, height: 12345 })
      await refused(withHeader(valid, { parents: [stranger] }), /parent tipset .* is unknown/, { bad: false })
    })
    it('wrong nonce message', async () => {
      const { msg } = await f.produce(f.chain.getHead()!, f.miners[0]!, { messages: [send(7)] })
      await refused(msg, /wrong nonce \(exp: 1, got: 7\)/)
    })
    it('insufficient-funds message', async () => {
      const { msg } = await f.produce(f.chain.getHead()!, f.miners[0]!, {
        messages: [send(1, 5000n * FIL_PRECISION)],
      })
      await refused(msg, /insufficient funds: sender/)
    })
    it('bad message signature', async () => {
      const m = send(1)
      const forged = { ...m, signature: signMsg(newKey(1), m.message).signature }
      const { msg } = await f.produce(f.chain.getHead()!, f.miners[0]!, { messages: [forged] })
      await refused(msg, /invalid secpk message/)
    })
    it('messages that do not match the header (the header is not marked bad for them)', async () => {
      await refused({ ...valid, secpkMessages: [signedMessageCid(send(0))] }, /message root in header/, { bad: false })
      const missing = signedMessageCid(send(99))
      await refused({ ...valid, secpkMessages: [missing] }, /not in the store/, { bad: false })
    })
    it('a bad block is refused again by its cached reason', async () => {
      const bad = withHeader(valid, { parentWeight: valid.header.parentWeight + 1n })
      await assert.rejects(f.syncer.submit(bad), /was marked bad: .*parent weight different/)
    })
    it('a block on a bad block is bad', async () => {
      const bad = withHeader(valid, { parentWeight: valid.header.parentWeight + 1n })
      const child = withHeader(valid, { parents: [blockHeaderCid(bad.header)], height: valid.header.height + 1 })
      await refused(child, /its parent .* is bad \(.*parent weight different/)
    })
    it('and the valid block is still accepted after all that', async () => {
      const r = await f.syncer.submit(valid)
      assert.equal(r.head, true)
    })
  })

  it('two valid blocks at one height with the same parents form one 2-block tipset', async () => {
    const parent = f.chain.getHead()!
    const epoch = await f.commonWinEpoch(parent, f.miners)
    const a = await f.produce(parent, f.miners[0]!, { epoch })
    const b = await f.produce(parent, f.miners[1]!, { epoch })
    const ra = await f.syncer.submit(a.msg)
    assert.equal(ra.tipset.blocks.length, 1)
    const rb = await f.syncer.submit(b.msg)
    assert.equal(rb.tipset.blocks.length, 2)
    assert.equal(rb.head, true)
    const head = f.chain.getHead()!
    assert.equal(head.blocks.length, 2)
    assert.equal(head.height, epoch)
    assert.ok(rb.weight > ra.weight)
    // a block on the 2-block tipset is valid (its parent state executes both blocks)
    const c = await f.produce(head, f.miners[1]!)
    assert.equal((await f.syncer.submit(c.msg)).head, true)
  })

  it('a heavier fork switches the head', async () => {
    const base = f.chain.getHead()!
    const a = await f.produce(base, f.miners[0]!)
    const ra = await f.syncer.submit(a.msg)
    assert.equal(ra.head, true)
    // a fork from `base` by the other miner at a later epoch (a null round on it), grown until it outweighs
    let tip = await f.syncer.submit((await f.produce(base, f.miners[1]!, { from: a.msg.header.height + 1 })).msg)
    // (an equally heavy fork takes the head only by the smaller ticket, Lotus's tie-break)
    while (tip.weight < ra.weight || (tip.weight === ra.weight && !tip.head)) {
      assert.equal(tip.head, false, 'a lighter fork does not take the head')
      assert.ok(f.chain.getHead()!.equals(ra.tipset))
      tip = await f.syncer.submit((await f.produce(tip.tipset, f.miners[1]!)).msg)
    }
    assert.equal(tip.head, true, 'the heavier (or tie-winning) fork takes the head')
    const head = f.chain.getHead()!
    assert.ok(head.equals(tip.tipset))
    assert.equal(f.chain.getHeadWeight(), tip.weight)
    // the canonical chain no longer holds the abandoned block at its height
    const atA = await f.chain.getTipSetByHeight(ra.tipset.height, head)
    assert.ok(!atA.equals(ra.tipset))
  })
})
