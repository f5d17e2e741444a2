import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type Actor, ActorCodec } from '../../src/core/actor.ts'
import { Address } from '../../src/core/address.ts'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { cidOfBytes } from '../../src/core/cid.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { fromHex } from '../../src/util/bytes.ts'
import { DecodeError } from '../../src/util/errors.ts'

const code = cidOfBytes(Uint8Array.of(1))
const head = cidOfBytes(Uint8Array.of(2))

test('ActorV5: 5 fields with the delegated address; 4-field legacy decodes with null', () => {
  const a: Actor = {
    code,
    head,
    nonce: 3n,
    balance: 10n ** 18n,
    delegatedAddress: Address.fromDelegated(10, fromHex('ff'.repeat(20))),
  }
  const bytes = encode(ActorCodec, a)
  assert.equal(bytes[0], 0x85)
  assert.deepEqual(decode(ActorCodec, bytes), a)
  const legacy = encodeCbor([code, head, 3, Uint8Array.of(0, 1)])
  assert.deepEqual(decode(ActorCodec, legacy), { code, head, nonce: 3n, balance: 1n, delegatedAddress: null })
  assert.equal(encode(ActorCodec, decode(ActorCodec, legacy))[0], 0x85, 're-encodes as v5')
  const json = ActorCodec.toJson(a) as Record<string, unknown>
  assert.deepEqual(Object.keys(json), ['Code', 'Head', 'Nonce', 'Balance', 'DelegatedAddress'])
  assert.equal(json.DelegatedAddress, a.delegatedAddress!.toString())
  assert.deepEqual(ActorCodec.fromJson(json), a)
})

test('malformed actors', () => {
  const bad: [unknown, RegExp][] = [
    [[code, head, 3], /^Actor: expected a tuple of 5 fields \(or 4, state tree v4 and earlier\), got 3$/],
    [[code, head, 3, new Uint8Array(0), null, 1], /got 6$/],
    [[head, 'x', 3, new Uint8Array(0), null], /^Actor\.Head: expected a CID, got string$/],
    [[code, head, 3, new Uint8Array(0), Uint8Array.of(5)], /^Actor\.DelegatedAddress: address: unknown protocol 5$/],
  ]
  for (const [v, re] of bad)
    assert.throws(
      () => decode(ActorCodec, encodeCbor(v as never)),
      (e: unknown) => e instanceof DecodeError && re.test(e.message),
      String(re),
    )
})
