import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BlockHeaderCodec, blockHeaderBytes, blockHeaderCid, blockSigningBytes } from '../../src/core/block-header.ts'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { toHex, utf8 } from '../../src/util/bytes.ts'
import { Address, addressHash } from '../../src/core/address.ts'
import type { BlockHeader } from '../../src/core/block-header.ts'
import { parseCid } from '../../src/core/cid.ts'
import { SigType } from '../../src/core/signature.ts'
import { DecodeError } from '../../src/util/errors.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'
import { sampleHeader } from './fixtures.ts'

test('a header round-trips through both codecs; CID hashes its bytes', () => {
  const h = sampleHeader()
  const bytes = encode(BlockHeaderCodec, h)
  assert.equal(bytes[0], 0x90, 'a tuple of 16')
  assert.deepEqual(decode(BlockHeaderCodec, bytes), h)
  assert.deepEqual(BlockHeaderCodec.fromJson(parseJson(stringifyJson(BlockHeaderCodec.toJson(h)))), h)
  assert.notEqual(blockHeaderCid(h).toString(), blockHeaderCid(sampleHeader(2)).toString())
})

test('signing bytes are the encoding with BlockSig = null (lotus blockheader_test.go TestInteropBH)', () => {
  const mcid = parseCid('bafy2bzaceaxyj7xq27gc2747adjcirpxx52tt7owqx6z6kckun7tqivvoym4y')
  const h: BlockHeader = {
    miner: Address.fromBytes(Uint8Array.of(1, ...addressHash(utf8('address0')))),
    ticket: { vrfProof: Uint8Array.of(1, 2, 3) },
    electionProof: { winCount: 0, vrfProof: Uint8Array.of(0x0a, 0x0b) },
    beaconEntries: [{ round: 5, data: Uint8Array.of(0x0c) }],
    winPoStProof: [{ postProof: 0, proofBytes: Uint8Array.of(7) }],
    parents: [mcid],
    parentWeight: 1000n,
    height: 2,
    parentStateRoot: mcid,
    parentMessageReceipts: mcid,
    messages: mcid,
    blsAggregate: { type: 0, data: new Uint8Array(0) },
    timestamp: 1,
    blockSig: { type: SigType.BLS, data: Uint8Array.of(3) },
    forkSignaling: 3n,
    parentBaseFee: 1_000_000_000n,
  }
  assert.equal(
    toHex(blockSigningBytes(h)),
    '905501d04cb15021bf6bd003073d79e2238d4e61f1ad2281430102038200420a0b818205410c818200410781d82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619cc430003e802d82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619ccd82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619ccd82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619cc410001f60345003b9aca00',
  )
  assert.deepEqual(blockSigningBytes(h), blockHeaderBytes({ ...h, blockSig: null }))
  assert.notDeepEqual(blockSigningBytes(h), blockHeaderBytes(h))
})

test('nullable pointers and empty slices encode as cbor-gen does (f6, 80) and JSON null', () => {
  const h = sampleHeader(1, {
    ticket: null,
    electionProof: null,
    blsAggregate: null,
    blockSig: null,
    beaconEntries: [],
    winPoStProof: [],
  })
  const items = BlockHeaderCodec.toCbor(h) as unknown[]
  assert.equal(items[1], null)
  assert.deepEqual(items[3], [])
  assert.deepEqual(decode(BlockHeaderCodec, encode(BlockHeaderCodec, h)), h)
  const json = BlockHeaderCodec.toJson(h) as Record<string, unknown>
  assert.equal(json.Ticket, null)
  assert.equal(json.BeaconEntries, null)
  assert.deepEqual(BlockHeaderCodec.fromJson(json), h)
})

test('malformed headers raise DecodeErrors naming the field', () => {
  const items = BlockHeaderCodec.toCbor(sampleHeader()) as unknown[]
  const swap = (i: number, v: unknown) => items.map((x, j) => (j === i ? v : x))
  const bad: [unknown, RegExp][] = [
    [[...items, 0], /^BlockHeader: expected a tuple of 16 fields, got 17$/],
    [items.slice(0, 15), /^BlockHeader: expected a tuple of 16 fields, got 15$/],
    [swap(7, new Uint8Array(2)), /^BlockHeader\.Height: expected an integer, got bytes$/],
    [swap(7, 2n ** 60n), /^BlockHeader\.Height: \d+ is outside the safe integer range$/],
    [swap(1, [new Uint8Array(1), 1]), /^BlockHeader\.Ticket: expected a tuple of 1 fields, got 2$/],
    [swap(2, [1.5 as never, new Uint8Array(0)]), /./],
    [swap(3, [[1]]), /^BlockHeader\.BeaconEntries\[0\]: expected a tuple of 2 fields, got 1$/],
    [swap(5, [new Uint8Array(3)]), /^BlockHeader\.Parents\[0\]: expected a CID, got bytes$/],
    [
      swap(6, Uint8Array.of(1)),
      /^BlockHeader\.ParentWeight: big int has a sign byte but no magnitude \(negative zero\)$/,
    ],
    [swap(11, Uint8Array.of(7, 1)), /^BlockHeader\.BLSAggregate: unknown signature type 7$/],
    [
      swap(13, new Uint8Array(201).fill(2)),
      /^BlockHeader\.BlockSig: signature of 201 bytes exceeds the 200-byte limit$/,
    ],
    [swap(0, Uint8Array.of(1)), /^BlockHeader\.Miner: address: protocol 1 payload must be 20 bytes/],
    [swap(12, -1), /^BlockHeader\.Timestamp: expected an unsigned integer/],
  ]
  for (const [value, re] of bad) {
    let bytes: Uint8Array
    try {
      bytes = encodeCbor(value as never)
    } catch {
      continue // not encodable (a float): nothing to decode
    }
    assert.throws(
      () => decode(BlockHeaderCodec, bytes),
      (e: unknown) => e instanceof DecodeError && re.test(e.message),
      String(re),
    )
  }
  const json = BlockHeaderCodec.toJson(sampleHeader()) as Record<string, unknown>
  assert.throws(
    () => BlockHeaderCodec.fromJson({ ...json, Height: '10' }),
    /^DecodeError: BlockHeader\.Height: expected an integer, got string$/,
  )
  assert.throws(
    () => BlockHeaderCodec.fromJson({ ...json, Parents: [{ '/': 'nope' }] }),
    /BlockHeader\.Parents\[0\]|invalid CID/,
  )
})
