/**
 * The local beacon: the genesis carries its key, entries verify alone, blocks carry the consecutive rounds up
 * to epoch - 1, entries are released on time only, and a chain without a key carries none. Then the chain
 * walks: the latest entry and the entry for an epoch, and the VM's ticket and beacon randomness over a chain
 * with a null round, against the draws computed by hand.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { beaconEntryForEpoch, latestBeaconEntry } from '../../../src/chain/beacon/latest.ts'
import { beaconMessage, LocalBeacon } from '../../../src/chain/beacon/local-beacon.ts'
import { ChainRandomness } from '../../../src/chain/rand/chain-randomness.ts'
import { ChainStore } from '../../../src/chain/store/chain-store.ts'
import type { BeaconEntry } from '../../../src/core/beacon-entry.ts'
import { TipSet } from '../../../src/core/tipset.ts'
import { blsPublicKey, blsSign } from '../../../src/crypto/bls.ts'
import { drawRandomness } from '../../../src/crypto/randomness.ts'
import { MemoryBlockstore } from '../../../src/ipld/memory-blockstore.ts'
import { InvalidError, NotFoundError } from '../../../src/util/errors.ts'
import { childBlock, header } from '../store/chain-builder.ts'

const sk = new Uint8Array(32).fill(7)
const pk = blsPublicKey(sk)
const GENESIS_TIME = 1_700_000_000
const DELAY = 4
const genesisEntry: BeaconEntry = { round: 0, data: pk }
const at = (t: number) =>
  new LocalBeacon(genesisEntry, { genesisTime: GENESIS_TIME, blockDelaySecs: DELAY, secretKey: sk, now: () => t })
const verifier = new LocalBeacon(genesisEntry, { genesisTime: GENESIS_TIME, blockDelaySecs: DELAY })

describe('local beacon', () => {
  it('lags one epoch: a block at epoch e carries rounds up to e - 1', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 10].map((e) => verifier.maxRoundForEpoch(e)),
      [0, 0, 1, 2, 9],
    )
  })

  it('signs sha256(round) with the genesis key, and every node verifies it', () => {
    const b = at(GENESIS_TIME + 100)
    const e = b.entry(3)
    assert.deepEqual(e, { round: 3, data: blsSign(sk, beaconMessage(3)) })
    verifier.verifyEntries([b.entry(1), b.entry(2), e], genesisEntry, 4)
  })

  it('releases a round at genesis + round * delay, not before', () => {
    assert.equal(at(GENESIS_TIME + 3 * DELAY).entry(3).round, 3)
    assert.throws(
      () => at(GENESIS_TIME + 3 * DELAY - 1).entry(3),
      (e) => e instanceof NotFoundError && /not released/.test(e.message),
    )
  })

  it('gives the entries a block needs after null rounds, and none when the parent has them', () => {
    const b = at(GENESIS_TIME + 1000)
    const prev = b.entry(2)
    assert.deepEqual(
      b.entriesForBlock(6, prev).map((e) => e.round),
      [3, 4, 5],
    )
    assert.deepEqual(b.entriesForBlock(3, prev), [])
    verifier.verifyEntries([], prev, 3)
  })

  it('refuses entries that skip, stop short, repeat, or were not signed by the genesis key', () => {
    const b = at(GENESIS_TIME + 1000)
    const [e1, e2, e3] = [b.entry(1), b.entry(2), b.entry(3)]
    const refuses = (entries: BeaconEntry[], height: number, re: RegExp) =>
      assert.throws(
        () => verifier.verifyEntries(entries, genesisEntry, height),
        (e) => e instanceof InvalidError && re.test(e.message),
      )
    refuses([e1, e3], 4, /round 3 where round 2 was due/)
    refuses([e1, e2], 4, /final beacon entry in block to be at round 3, got 2/)
    refuses([], 4, /expected beacon entries up to round 3/)
    refuses([e1, e1, e2, e3], 4, /round 1 where round 2 was due/)
    const forged = { round: 1, data: blsSign(new Uint8Array(32).fill(9), beaconMessage(1)) }
    refuses([forged], 2, /does not verify against the genesis beacon key/)
    refuses([{ round: 1, data: e2.data }], 2, /does not verify/)
  })

  it('produces nothing without the key, and refuses a key that is not the genesis key', () => {
    assert.throws(
      () => verifier.entry(1),
      (e) => e instanceof NotFoundError && /no beacon key/.test(e.message),
    )
    assert.throws(
      () => new LocalBeacon(genesisEntry, { genesisTime: 0, blockDelaySecs: 4, secretKey: new Uint8Array(32).fill(1) }),
      /not the genesis beacon's key/,
    )
  })

  it('a genesis without a key (Lotus 32 zero bytes) has no beacon: blocks carry no entries', () => {
    const none = new LocalBeacon({ round: 0, data: new Uint8Array(32) }, { genesisTime: 0, blockDelaySecs: 4 })
    assert.equal(none.publicKey, undefined)
    assert.equal(none.maxRoundForEpoch(100), 0)
    none.verifyEntries([], { round: 0, data: new Uint8Array(32) }, 100)
    assert.throws(() => none.entry(1), NotFoundError)
  })
})

describe('beacon entries and randomness on a chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-beacon-'))
  let chain: ChainStore
  const tipsets: TipSet[] = []
  const producer = at(GENESIS_TIME + 10_000)

  before(async () => {
    chain = await ChainStore.open({ blockstore: new MemoryBlockstore() }, { path: join(dir, 'index') })
    await chain.putBlockMessages({ bls: [], secp: [] })
    const g = TipSet.create([header({ beaconEntries: [genesisEntry], timestamp: GENESIS_TIME })])
    await chain.setGenesis(g.blocks[0]!)
    tipsets.push(g)
    // Heights 1, 2, 3, then a null round at 4, then 5 and 6; two blocks at height 2.
    let prev = genesisEntry
    for (const [height, blocks] of [
      [1, 1],
      [2, 2],
      [3, 1],
      [5, 1],
      [6, 1],
    ] as const) {
      const parent = tipsets[tipsets.length - 1]!
      const entries = producer.entriesForBlock(height, prev)
      if (entries.length > 0) prev = entries[entries.length - 1]!
      const hs = Array.from({ length: blocks }, (_, i) => ({
        ...childBlock(parent, { gap: height - parent.height, ticket: 10 * height + i }),
        beaconEntries: entries,
      }))
      const ts = TipSet.create(hs)
      for (const h of hs) await chain.putBlockHeader(h)
      await chain.setHead(ts, BigInt(height) * 10n)
      tipsets.push(ts)
    }
  })
  after(async () => {
    await chain.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('finds the latest entry and the entry for each epoch', async () => {
    const head = tipsets[tipsets.length - 1]!
    assert.equal((await latestBeaconEntry(chain, head)).round, 5)
    assert.equal((await latestBeaconEntry(chain, tipsets[1]!)).round, 0)
    for (const epoch of [0, 1, 2, 3, 4, 5, 6])
      assert.equal((await beaconEntryForEpoch(chain, head, verifier, epoch)).round, verifier.maxRoundForEpoch(epoch))
  })

  it('draws ticket randomness from the min ticket at the epoch (the tipset after a null round)', async () => {
    const head = tipsets[tipsets.length - 1]!
    const r = new ChainRandomness(chain, head, verifier)
    const entropy = new Uint8Array([1, 2, 3])
    const at2 = tipsets[2]!
    assert.equal(at2.blocks.length, 2)
    assert.deepEqual(await r.fromTickets(5, 2, entropy), drawRandomness(at2.minTicket.vrfProof, 5, 2, entropy))
    const at5 = tipsets[4]!
    assert.equal(at5.height, 5)
    assert.deepEqual(await r.fromTickets(7, 4, entropy), drawRandomness(at5.minTicket.vrfProof, 7, 4, entropy))
    await assert.rejects(r.fromTickets(5, 7, entropy), /cannot draw randomness from the future/)
  })

  it('draws beacon randomness from the entry of the epoch', async () => {
    const r = new ChainRandomness(chain, tipsets[tipsets.length - 1]!, verifier)
    const entropy = new Uint8Array([4])
    assert.deepEqual(await r.fromBeacon(6, 5, entropy), drawRandomness(producer.entry(4).data, 6, 5, entropy))
    assert.deepEqual(await r.fromBeacon(6, 1, entropy), drawRandomness(pk, 6, 1, entropy))
  })
})
