import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { decodeMessage, MessageCodec, messageCid } from '../../src/core/message.ts'
import { SigType } from '../../src/core/signature.ts'
import { messageSigningBytes, SignedMessageCodec, signedMessageCid } from '../../src/core/signed-message.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { DecodeError } from '../../src/util/errors.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'
import { SAMPLE_MESSAGE_CBOR, SAMPLE_MESSAGE_CID, sampleMessage } from './fixtures.ts'

test('lotus message_test.go: CBOR and CID', () => {
  const m = sampleMessage()
  assert.equal(toHex(encode(MessageCodec, m)), SAMPLE_MESSAGE_CBOR)
  assert.equal(messageCid(m).toString(), SAMPLE_MESSAGE_CID)
  assert.deepEqual(decode(MessageCodec, fromHex(SAMPLE_MESSAGE_CBOR)), m)
  assert.deepEqual(messageSigningBytes(m), messageCid(m).bytes)
})

test('signed with an empty type-0 signature: the CID of the SignedMessage encoding', () => {
  const sm = { message: sampleMessage(), signature: { type: 0 as const, data: new Uint8Array(0) } }
  const bytes = encode(SignedMessageCodec, sm)
  assert.equal(toHex(bytes), `82${SAMPLE_MESSAGE_CBOR}4100`)
  assert.equal(signedMessageCid(sm).toString(), 'bafy2bzacea5ainifngxj3rygaw2hppnyz2cw72x5pysqty2x6dxmjs5qg2uus')
  assert.deepEqual(decode(SignedMessageCodec, bytes), sm)
})

test('a BLS signed message is known by its unsigned CID; secp by the signed encoding', () => {
  const bls = { message: sampleMessage(), signature: { type: SigType.BLS, data: new Uint8Array(96).fill(1) } }
  assert.equal(signedMessageCid(bls).toString(), SAMPLE_MESSAGE_CID)
  const secp = { message: sampleMessage(), signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(1) } }
  assert.notEqual(signedMessageCid(secp).toString(), SAMPLE_MESSAGE_CID)
})

test('Lotus-JSON: Go field names, CID added on output and ignored on input', () => {
  const m = sampleMessage()
  const json = MessageCodec.toJson(m) as Record<string, unknown>
  assert.deepEqual(Object.keys(json), [
    'Version',
    'To',
    'From',
    'Nonce',
    'Value',
    'GasLimit',
    'GasFeeCap',
    'GasPremium',
    'Method',
    'Params',
    'CID',
  ])
  assert.equal(json.To, 't04')
  assert.equal(json.Value, '0')
  assert.equal(json.Params, 'aGFp')
  assert.deepEqual(json.CID, { '/': SAMPLE_MESSAGE_CID })
  assert.deepEqual(MessageCodec.fromJson(parseJson(stringifyJson(json))), m)
  assert.deepEqual(MessageCodec.fromJson({ ...json, CID: { '/': 'whatever' } }), m)
  const sj = SignedMessageCodec.toJson({ message: m, signature: { type: SigType.BLS, data: new Uint8Array(96) } })
  assert.deepEqual(Object.keys(sj as object), ['Message', 'Signature', 'CID'])
  assert.deepEqual((sj as Record<string, unknown>).CID, { '/': SAMPLE_MESSAGE_CID })
})

test('uint64 nonce and method past 2^53 survive both codecs', () => {
  const m = { ...sampleMessage(), nonce: (1n << 64n) - 1n, method: (1n << 60n) + 1n, gasLimit: -(1n << 63n) }
  assert.deepEqual(decode(MessageCodec, encode(MessageCodec, m)), m)
  assert.deepEqual(MessageCodec.fromJson(parseJson(stringifyJson(MessageCodec.toJson(m)))), m)
})

const isDecode = (re: RegExp) => (e: unknown) => e instanceof DecodeError && re.test(e.message)

test('malformed messages raise DecodeErrors that name the field', () => {
  const items = MessageCodec.toCbor(sampleMessage()) as unknown[]
  const bad: [unknown[], RegExp][] = [
    [[...items, 0], /^Message: expected a tuple of 10 fields, got 11$/],
    [items.slice(0, 9), /^Message: expected a tuple of 10 fields, got 9$/],
    [
      items.map((x, i) => (i === 3 ? new Uint8Array(1) : x)),
      /^Message\.Nonce: expected an unsigned integer, got bytes$/,
    ],
    [items.map((x, i) => (i === 3 ? -1 : x)), /^Message\.Nonce: -1 is not a uint64$/],
    [items.map((x, i) => (i === 5 ? 1n << 63n : x)), /^Message\.GasLimit: \d+ is outside int64$/],
    [items.map((x, i) => (i === 1 ? Uint8Array.of(9, 1) : x)), /^Message\.To: address: unknown protocol 9$/],
    [
      items.map((x, i) => (i === 2 ? Uint8Array.of(1, 2, 3) : x)),
      /^Message\.From: address: protocol 1 payload must be 20 bytes, got 2$/,
    ],
    [
      items.map((x, i) => (i === 4 ? Uint8Array.of(0, 0, 1) : x)),
      /^Message\.Value: big int magnitude has a leading zero byte$/,
    ],
    [items.map((x, i) => (i === 9 ? 'hai' : x)), /^Message\.Params: expected bytes, got string$/],
  ]
  for (const [value, re] of bad)
    assert.throws(() => decode(MessageCodec, encodeCbor(value as never)), isDecode(re), String(re))
  // Truncated and non-canonical CBOR fail in the CBOR layer.
  assert.throws(
    () => decode(MessageCodec, fromHex(SAMPLE_MESSAGE_CBOR.slice(0, -4))),
    isDecode(/length 3 exceeds the input/),
  )
  assert.throws(
    () => decode(MessageCodec, fromHex(SAMPLE_MESSAGE_CBOR.replace(/^8a00/, '8a1800'))),
    isDecode(/non-canonical integer header/),
  )
  // Lotus DecodeMessage also checks the version.
  assert.throws(
    () => decodeMessage(encodeCbor([1, ...items.slice(1)] as never)),
    isDecode(/^Message\.Version: .*version 1/),
  )
  assert.deepEqual(decodeMessage(fromHex(SAMPLE_MESSAGE_CBOR)), sampleMessage())
})

test('malformed message JSON names the field', () => {
  const json = MessageCodec.toJson(sampleMessage()) as Record<string, unknown>
  assert.throws(
    () => MessageCodec.fromJson({ ...json, Nonce: '-1' }),
    isDecode(/^Message\.Nonce: expected an unsigned 64-bit integer/),
  )
  assert.throws(() => MessageCodec.fromJson({ ...json, To: 't1aaaa' }), isDecode(/^Message\.To: address:/))
  assert.throws(() => MessageCodec.fromJson({ ...json, Params: '***' }), isDecode(/^Message\.Params: invalid base64/))
  assert.throws(
    () => MessageCodec.fromJson({ ...json, Value: 1 }),
    isDecode(/^Message\.Value: expected a decimal string, got number/),
  )
  assert.throws(() => MessageCodec.fromJson([]), isDecode(/^Message: expected an object, got array/))
  const { Nonce: _, ...missing } = json
  assert.throws(
    () => MessageCodec.fromJson(missing),
    isDecode(/^Message\.Nonce: expected an unsigned 64-bit integer, got undefined/),
  )
})
