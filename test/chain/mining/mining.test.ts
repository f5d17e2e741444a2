/**
 * Block assembly, MinerGetBaseInfo and message selection on a base, over the two-miner chain of
 * test/chain/sync/fixture.ts: every header field createBlock fills is checked against an independent
 * computation (state manager, weight, base fee, BLS aggregate, MsgMeta, worker signature).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { weightOf } from '../../../src/chain/consensus/weight.ts'
import { minerBaseInfo } from '../../../src/chain/mining/base-info.ts'
import { createBlock } from '../../../src/chain/mining/create-block.ts'
import { selectMessagesOn } from '../../../src/chain/mining/select-messages.ts'
import { latestBeaconEntry } from '../../../src/chain/beacon/latest.ts'
import { computeMsgMeta } from '../../../src/chain/store/msg-meta.ts'
import { Address } from '../../../src/core/address.ts'
import { blockSigningBytes } from '../../../src/core/block-header.ts'
import { messageCid } from '../../../src/core/message.ts'
import { SigType } from '../../../src/core/signature.ts'
import { signedMessageCid } from '../../../src/core/signed-message.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import { verifyAggregate } from '../../../src/crypto/bls.ts'
import { verifySignature } from '../../../src/crypto/sigs.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { InvalidError, NotFoundError } from '../../../src/util/errors.ts'
import { signed, signMsg, unsigned } from '../mpool/fixtures.ts'
import { createFixture, type Fixture } from '../sync/fixture.ts'

let f: Fixture
let head: TipSet
before(async () => {
  f = await createFixture('mining')
  // one block so the parent has a state to execute and a non-genesis base fee
  await f.syncer.submit((await f.produce(f.genesis, f.miners[0]!)).msg)
  head = f.chain.getHead()!
})
after(async () => {
  await f?.close()
})

const gas = { gasLimit: 10_000_000n, gasFeeCap: 1_000_000_000n, gasPremium: 100_000n }
const deps = () => ({ sm: f.sm, beacon: f.beacon, latestBeacon: (ts: TipSet) => latestBeaconEntry(f.chain, ts) })

describe('createBlock', () => {
  it('fills state, weight, base fee and messages from the parent, and signs with the worker key', async () => {
    const bls = [0, 1].map((n) => signMsg(f.bls, unsigned(f.bls.addr, n, { to: f.secp.addr, value: 1n, ...gas })))
    const secp = [signed(f.secp, 0, { to: f.bls.addr, value: 1n, ...gas })]
    const { msg, template } = await f.produce(head, f.miners[1]!, { messages: [bls[0]!, secp[0]!, bls[1]!] })
    const h = msg.header
    const exec = await f.sm.tipSetState(head)
    assert.ok(h.parentStateRoot.equals(exec.stateRoot))
    assert.ok(h.parentMessageReceipts.equals(exec.receiptsRoot))
    assert.equal(h.parentBaseFee, await f.sm.baseFee(head))
    assert.equal(h.parentWeight, weightOf(head, 3n * 2048n))
    assert.deepEqual(h.parents, [...head.cids])
    assert.equal(BigInt(h.height), template.epoch)
    assert.equal(BigInt(h.timestamp), template.timestamp)
    // BLS messages by their unsigned CIDs, secp by their signed CIDs, in template order
    assert.deepEqual(
      msg.blsMessages,
      bls.map((m) => messageCid(m.message)),
    )
    assert.deepEqual(msg.secpkMessages, secp.map(signedMessageCid))
    const meta = await computeMsgMeta(new MemoryBlockstore(), msg.blsMessages, msg.secpkMessages)
    assert.ok(h.messages.equals(meta))
    assert.deepEqual(await f.chain.messagesForBlock(h), { bls: bls.map((m) => m.message), secp })
    assert.equal(h.blsAggregate?.type, SigType.BLS)
    assert.ok(
      verifyAggregate(
        [f.bls.addr, f.bls.addr],
        msg.blsMessages.map((c) => c.bytes),
        h.blsAggregate!.data,
      ),
    )
    verifySignature(h.blockSig!, blockSigningBytes(h), f.miners[1]!.worker.addr)
    // and the syncer accepts it
    assert.equal((await f.syncer.submit(msg)).head, true)
    head = f.chain.getHead()!
  })

  it('refuses an epoch not above the parents, and fails when the wallet has no worker key', async () => {
    const { template } = await f.produce(head, f.miners[0]!)
    const sign = () => {
      throw new NotFoundError('no key')
    }
    await assert.rejects(
      createBlock({ sm: f.sm, sign }, { ...template, epoch: BigInt(head.height) }),
      (e: unknown) => e instanceof InvalidError && /not above its parents' height/.test(e.message),
    )
    await assert.rejects(createBlock({ sm: f.sm, sign }, template), /no key/)
  })
})

describe('minerBaseInfo', () => {
  it("gives the lookback powers, the challenged sector, the worker key and the block's beacon entries", async () => {
    const epoch = head.height + 2
    const info = await minerBaseInfo(deps(), f.miners[0]!.id, epoch, head)
    assert.ok(info)
    assert.equal(info.minerPower, 2n * 2048n)
    assert.equal(info.networkPower, 3n * 2048n)
    assert.equal(info.sectorSize, 2048n)
    assert.ok(info.workerKey.equals(f.miners[0]!.worker.addr))
    assert.equal(info.eligibleForMining, true)
    assert.equal(info.sectors.length, 1)
    assert.ok([0n, 1n].includes(info.sectors[0]!.sectorNumber))
    assert.equal(info.sectors[0]!.sealProof, 5n)
    const prev = await latestBeaconEntry(f.chain, head)
    assert.deepEqual(info.prevBeaconEntry, prev)
    assert.deepEqual(
      info.beaconEntries.map((e) => e.round),
      Array.from({ length: epoch - 1 - prev.round }, (_, i) => prev.round + 1 + i),
    )
    const one = await minerBaseInfo(deps(), f.miners[1]!.id, epoch, head)
    assert.equal(one?.minerPower, 2048n)
    assert.equal(one?.sectors[0]?.sectorNumber, 0n)
  })

  it('refuses a non-miner, an unknown actor and an epoch at or below the base', async () => {
    await assert.rejects(minerBaseInfo(deps(), f.secp.addr, head.height + 1, head), /not a storage miner/)
    await assert.rejects(minerBaseInfo(deps(), Address.fromId(4242), head.height + 1, head), NotFoundError)
    await assert.rejects(minerBaseInfo(deps(), f.miners[0]!.id, head.height, head), InvalidError)
  })
})

describe('selectMessagesOn', () => {
  it("takes each sender's nonce-contiguous messages from its state nonce, within the funds", async () => {
    const nonce = await f.sm.stateView(head).actorNonce(f.secp.addr)
    const n = Number(nonce)
    const msgs = [n + 1, n, n + 2, n + 5].map((i) => signed(f.secp, i, { to: f.bls.addr, value: 1n, ...gas }))
    const tooRich = signed(f.bls, 99, { to: f.secp.addr, value: 1n, ...gas })
    const poor = signMsg(
      f.bls,
      unsigned(f.bls.addr, await f.sm.stateView(head).actorNonce(f.bls.addr), {
        to: f.secp.addr,
        ...gas,
        // gas fee cap × gas limit (2,000 FIL) above the sender's balance
        gasLimit: 5_000_000_000n,
        gasFeeCap: 400_000_000_000n,
      }),
    )
    const got = await selectMessagesOn(f.sm, head, [...msgs, tooRich, poor])
    assert.deepEqual(
      got.map((m) => m.message.nonce),
      [nonce, nonce + 1n, nonce + 2n],
    )
  })
})
