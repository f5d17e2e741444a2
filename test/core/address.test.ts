/** go-address address_test.go vectors (reference chain.md §1.7) and malformed addresses. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Address, AddressCodec } from '../../src/core/address.ts'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { fromHex, toHex } from '../../src/util/bytes.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'

test('go-address vectors: secp256k1, BLS, actor, delegated', () => {
  const secp = Address.fromSecp256k1PublicKey(
    fromHex(
      '049402fac37e6432a416a3a0ca5426b5185ab3b24f6134efa25ce487c82d2e4e13bf452511e0d2245421f8613bc10d72fa216666a96c3bc13920d3ff233fd0bc05',
    ),
  )
  assert.equal(secp.toString('f'), 'f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq')
  const bls = Address.fromBlsPublicKey(
    fromHex('ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd'),
  )
  assert.equal(
    bls.toString('f'),
    'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
  )
  const actor = Address.fromActorData(fromHex('76128190cdf068d1418044acc03e0b6781970d60'))
  assert.equal(actor.toString('f'), 'f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i')
  const f4 = Address.fromDelegated(32, fromHex('ffffffffff'))
  assert.equal(f4.toString('f'), 'f432f77777777x32lpna')
  for (const a of [secp, bls, actor, f4, Address.fromId(1024)]) {
    assert.ok(Address.parse(a.toString('f'), 'f').equals(a))
    assert.ok(Address.fromBytes(a.bytes).equals(a))
    assert.ok(decode(AddressCodec, encode(AddressCodec, a)).equals(a))
  }
  assert.equal(toHex(encode(AddressCodec, Address.fromId(4))), '420004')
})

const is = (cls: typeof DecodeError | typeof InvalidError, re: RegExp) => (e: unknown) =>
  e instanceof cls && re.test(e.message)

test('malformed address strings and bytes', () => {
  assert.throws(
    () => Address.parse('f1xpbyy4tkdx5si2bgo37dubc2xwv6fum5tk57mid'),
    is(DecodeError, /not (valid|canonical) base32/),
  )
  assert.throws(() => Address.parse('f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdra'), is(DecodeError, /bad checksum/))
  assert.throws(
    () => Address.parse('t15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq', 'f'),
    is(InvalidError, /for network 't', expected 'f'/),
  )
  assert.throws(() => Address.parse('x01'), is(DecodeError, /unknown network prefix "x"/))
  assert.throws(() => Address.parse('f9abc'), is(DecodeError, /unknown protocol "9"/))
  assert.throws(() => Address.parse('f0012'), is(DecodeError, /bad ID "012"/))
  assert.throws(() => Address.parse('f09223372036854775808'), is(DecodeError, /exceeds 2\^63-1/))
  assert.throws(() => Address.fromBytes(new Uint8Array(0)), is(DecodeError, /empty bytes/))
  assert.throws(() => Address.fromBytes(fromHex('0080')), is(DecodeError, /varint: truncated/))
  assert.throws(() => Address.fromBytes(fromHex('000400')), is(DecodeError, /trailing bytes after the ID varint/))
  assert.throws(() => Address.fromBytes(fromHex('008000')), is(DecodeError, /not minimally encoded/))
  assert.equal(Address.fromBytes(fromHex('00ffffffffffffffff7f')).id, (1n << 63n) - 1n)
  assert.throws(() => Address.fromBytes(fromHex('0080808080808080808001')), is(DecodeError, /varint/))
  assert.throws(() => Address.fromBytes(fromHex('03aa')), is(DecodeError, /payload must be 48 bytes, got 1/))
  assert.throws(() => decode(AddressCodec, encodeCbor('f01')), is(DecodeError, /^Address: expected bytes, got string/))
  assert.throws(() => AddressCodec.fromJson('f0x', 'Message.To'), is(DecodeError, /^Message\.To: address: bad ID/))
})
