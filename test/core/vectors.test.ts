/** The published serialization vectors (archived filecoin-project/serialization-vectors). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeCbor, encodeCbor } from '../../src/core/cbor/index.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { BlockHeaderCodec, blockHeaderCid } from '../../src/core/block-header.ts'
import { MessageCodec, messageCid } from '../../src/core/message.ts'
import { messageSigningBytes } from '../../src/core/signed-message.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { readJsonVector } from '../vectors.ts'

type HeaderVector = { block: unknown; cbor_hex: string; cid: string }
type MessageVector = { message: unknown; hex_cbor: string }
type SigningVector = { Unsigned: unknown; Cid: string; CidHexBytes: string }

test('block_headers.json: JSON -> CBOR and CID; CBOR -> JSON', (t) => {
  const vectors = readJsonVector(t, 'serialization/block_headers.json') as HeaderVector[] | null
  if (!vectors) return
  assert.equal(vectors.length, 5)
  for (const [i, v] of vectors.entries()) {
    const h = BlockHeaderCodec.fromJson(v.block)
    assert.equal(toHex(encode(BlockHeaderCodec, h)), v.cbor_hex, `vector ${i} CBOR`)
    assert.equal(blockHeaderCid(h).toString(), v.cid, `vector ${i} CID`)
    const back = decode(BlockHeaderCodec, fromHex(v.cbor_hex))
    assert.deepEqual(BlockHeaderCodec.toJson(back), v.block, `vector ${i} JSON`)
  }
})

test('unsigned_messages.json: JSON -> CBOR -> JSON, extreme uint64 values', (t) => {
  const vectors = readJsonVector(t, 'serialization/unsigned_messages.json') as MessageVector[] | null
  if (!vectors) return
  assert.equal(vectors.length, 21)
  let beyondSafe = 0
  for (const [i, v] of vectors.entries()) {
    const m = MessageCodec.fromJson(v.message)
    if (m.nonce > BigInt(Number.MAX_SAFE_INTEGER)) beyondSafe++
    const bytes = encode(MessageCodec, m)
    assert.equal(toHex(bytes), v.hex_cbor, `vector ${i} CBOR`)
    const back = decode(MessageCodec, bytes)
    const { CID, ...json } = MessageCodec.toJson(back) as Record<string, unknown>
    assert.deepEqual(CID, { '/': messageCid(m).toString() })
    assert.deepEqual(json, v.message, `vector ${i} JSON`)
    // The generic CBOR layer round-trips the same bytes.
    assert.equal(toHex(encodeCbor(decodeCbor(bytes))), v.hex_cbor)
  }
  assert.ok(beyondSafe > 0, 'the vectors exercise nonces beyond 2^53')
})

test('message_signing.json: unsigned message CID and the bytes that get signed', (t) => {
  const vectors = readJsonVector(t, 'serialization/message_signing.json') as SigningVector[] | null
  if (!vectors) return
  for (const v of vectors) {
    const m = MessageCodec.fromJson(v.Unsigned)
    assert.equal(messageCid(m).toString(), v.Cid)
    assert.equal(toHex(messageSigningBytes(m)), v.CidHexBytes)
  }
})
