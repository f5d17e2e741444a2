import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BlockHeaderCodec, blockHeaderCid } from '../../src/core/block-header.ts'
import { cidOfBytes, blake2b256 } from '../../src/core/cid.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { TipSet, TipSetCodec } from '../../src/core/tipset.ts'
import { TipSetKey, TipSetKeyCidsCodec, TipSetKeyCodec } from '../../src/core/tipset-key.ts'
import { compareBytes, concatBytes } from '../../src/util/bytes.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'
import { sampleHeader } from './fixtures.ts'

const ticketHash = (seed: number) => blake2b256(new Uint8Array(96).fill(seed))

test('blocks sort by blake2b-256 of the ticket VRF proof; key, height, parents, min ticket/timestamp', () => {
  const headers = [1, 2, 3, 4].map((s) => sampleHeader(s))
  const ts = TipSet.create(headers)
  const expected = [1, 2, 3, 4].sort((a, b) => compareBytes(ticketHash(a), ticketHash(b)))
  assert.deepEqual(
    ts.blocks.map((b) => b.ticket!.vrfProof[0]),
    expected,
  )
  assert.deepEqual(
    ts.cids.map(String),
    ts.blocks.map((b) => blockHeaderCid(b).toString()),
  )
  assert.ok(ts.key.equals(new TipSetKey(ts.cids)))
  assert.equal(ts.height, 10)
  assert.ok(ts.parents.equals(new TipSetKey(headers[0]!.parents)))
  assert.equal(ts.parentWeight, 3840n)
  assert.deepEqual(ts.minTicket.vrfProof, new Uint8Array(96).fill(expected[0]!))
  assert.equal(ts.minTimestamp, 1_596_740_666)
  // Input order does not matter.
  assert.ok(TipSet.create([...headers].reverse()).equals(ts))
})

test('equal tickets fall back to CID byte order', () => {
  const a = sampleHeader(1)
  const b = sampleHeader(1, { timestamp: 5 })
  const ts = TipSet.create([a, b])
  assert.ok(compareBytes(ts.cids[0]!.bytes, ts.cids[1]!.bytes) < 0)
})

test('membership rules of Lotus NewTipSet', () => {
  const isInvalid = (re: RegExp) => (e: unknown) => e instanceof InvalidError && re.test(e.message)
  assert.throws(() => TipSet.create([]), isInvalid(/at least one block/))
  const h = sampleHeader(1)
  const higher = sampleHeader(2, { height: 11 })
  assert.throws(
    () => TipSet.create([h, higher]),
    isInvalid(/block bafy\w+ has height (10|11), expected (10|11) \(mismatching heights\)/),
  )
  const otherParents = sampleHeader(2, { parents: [cidOfBytes(Uint8Array.of(1))] })
  assert.throws(() => TipSet.create([h, otherParents]), isInvalid(/block bafy\w+ has different parents/))
  const moreParents = sampleHeader(2, { parents: [...h.parents, cidOfBytes(Uint8Array.of(1))] })
  assert.throws(() => TipSet.create([h, moreParents]), isInvalid(/mismatching parents/))
  assert.throws(
    () => TipSet.create([sampleHeader(1, { ticket: null })]),
    isInvalid(/block 0 \(bafy\w+\) has no ticket/),
  )
  // ParentStateRoot is not compared by NewTipSet (the syncer checks it), so this is accepted.
  assert.equal(TipSet.create([h, sampleHeader(2, { parentStateRoot: cidOfBytes(Uint8Array.of(2)) })]).blocks.length, 2)
})

test('TipSet codecs: ExpTipSet {Cids, Blocks, Height}', () => {
  const ts = TipSet.create([sampleHeader(1), sampleHeader(2)])
  const back = decode(TipSetCodec, encode(TipSetCodec, ts))
  assert.ok(back.equals(ts))
  const json = TipSetCodec.toJson(ts) as Record<string, unknown>
  assert.deepEqual(Object.keys(json), ['Cids', 'Blocks', 'Height'])
  assert.ok(TipSetCodec.fromJson(parseJson(stringifyJson(json))).equals(ts))
  assert.throws(
    () => TipSetCodec.fromJson({ ...json, Height: 3 }),
    (e: unknown) => e instanceof DecodeError && /TipSet\.Height: 3 differs/.test(e.message),
  )
  const cids = json.Cids as unknown[]
  assert.throws(() => TipSetCodec.fromJson({ ...json, Cids: [cids[1], cids[0]] }), /TipSet\.Cids: do not match/)
  const mixed = [sampleHeader(1), sampleHeader(2, { height: 12 })]
  const items = [mixed.map(blockHeaderCid), mixed.map((b) => BlockHeaderCodec.toCbor(b)), 10]
  assert.throws(
    () => TipSetCodec.fromCbor(items as never),
    (e: unknown) => e instanceof DecodeError && /^TipSet: tipset: .*mismatching heights/.test(e.message),
  )
})

test('TipSetKey: bytes are concatenated CIDs; Lotus CBOR is a byte string; JSON array, null = empty', () => {
  const cids = [cidOfBytes(Uint8Array.of(1)), cidOfBytes(Uint8Array.of(2))]
  const k = new TipSetKey(cids)
  assert.deepEqual(k.bytes, concatBytes(cids[0]!.bytes, cids[1]!.bytes))
  assert.ok(TipSetKey.fromBytes(k.bytes).equals(k))
  assert.equal(encode(TipSetKeyCodec, k)[0], 0x58, 'a byte string (length 76)')
  assert.ok(decode(TipSetKeyCodec, encode(TipSetKeyCodec, k)).equals(k))
  assert.equal(encode(TipSetKeyCidsCodec, k)[0], 0x82, 'an array of 2 CIDs')
  assert.ok(decode(TipSetKeyCidsCodec, encode(TipSetKeyCidsCodec, k)).equals(k))
  assert.deepEqual(
    TipSetKeyCodec.toJson(k),
    cids.map((c) => ({ '/': c.toString() })),
  )
  assert.ok(TipSetKeyCodec.fromJson(null).isEmpty)
  assert.ok(TipSetKeyCodec.fromJson([]).equals(TipSetKey.EMPTY))
  assert.equal(k.toString(), `{${cids[0]},${cids[1]}}`)
  assert.throws(
    () => TipSetKey.fromBytes(k.bytes.subarray(0, 50)),
    (e: unknown) => e instanceof DecodeError && /tipset key: invalid CID at byte 38/.test(e.message),
  )
  assert.throws(
    () => TipSetKeyCodec.fromCbor(Uint8Array.of(0xff), 'Head'),
    (e: unknown) => e instanceof DecodeError && /^Head: tipset key: invalid CID at byte 0/.test(e.message),
  )
})
