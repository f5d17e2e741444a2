import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { cidOfBytes } from '../../src/core/cid.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { type Receipt, ReceiptCodec, ReceiptVersion } from '../../src/core/receipt.ts'
import { toHex } from '../../src/util/bytes.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'

const events = cidOfBytes(Uint8Array.of(1))

test('V0 receipts are 3 fields, V1 are 4 (EventsRoot or null), as Lotus encodes by version', () => {
  const v0: Receipt = {
    version: ReceiptVersion.V0,
    exitCode: 0,
    return: new Uint8Array(0),
    gasUsed: 1234n,
    eventsRoot: null,
  }
  assert.equal(toHex(encode(ReceiptCodec, v0)), '8300401904d2')
  assert.deepEqual(decode(ReceiptCodec, encode(ReceiptCodec, v0)), v0)
  const v1none: Receipt = { ...v0, version: ReceiptVersion.V1 }
  assert.equal(toHex(encode(ReceiptCodec, v1none)), '8400401904d2f6')
  assert.deepEqual(decode(ReceiptCodec, encode(ReceiptCodec, v1none)), v1none)
  const v1: Receipt = { ...v1none, exitCode: 16, return: Uint8Array.of(1), eventsRoot: events }
  assert.deepEqual(decode(ReceiptCodec, encode(ReceiptCodec, v1)), v1)
  assert.throws(() => encode(ReceiptCodec, { ...v1, version: ReceiptVersion.V0 }), InvalidError)
})

test('receipt JSON {ExitCode, Return, GasUsed, EventsRoot}; version inferred from EventsRoot', () => {
  const r: Receipt = {
    version: ReceiptVersion.V1,
    exitCode: 7,
    return: Uint8Array.of(5),
    gasUsed: -1n,
    eventsRoot: events,
  }
  const json = ReceiptCodec.toJson(r)
  assert.deepEqual(json, { ExitCode: 7, Return: 'BQ==', GasUsed: -1, EventsRoot: { '/': events.toString() } })
  assert.deepEqual(ReceiptCodec.fromJson(json), r)
  assert.equal(
    ReceiptCodec.fromJson({ ExitCode: 0, Return: null, GasUsed: 5, EventsRoot: null }).version,
    ReceiptVersion.V0,
  )
})

test('malformed receipts', () => {
  const bad: [unknown, RegExp][] = [
    [[0, new Uint8Array(0)], /^Receipt: expected a tuple of 3 \(V0\) or 4 \(V1\) fields, got 2$/],
    [[0, new Uint8Array(0), 1, null, 0], /got 5$/],
    [[0, 'x', 1], /^Receipt\.Return: expected bytes, got string$/],
    [[0, new Uint8Array(0), 1, new Uint8Array(0)], /^Receipt\.EventsRoot: expected a CID, got bytes$/],
    [7, /^Receipt: expected an array, got number$/],
  ]
  for (const [v, re] of bad)
    assert.throws(
      () => decode(ReceiptCodec, encodeCbor(v as never)),
      (e: unknown) => e instanceof DecodeError && re.test(e.message),
      String(re),
    )
})
