import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor } from '../../src/core/cbor/index.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { checkSignatureLength, SignatureCodec, SigType } from '../../src/core/signature.ts'
import { toHex } from '../../src/util/bytes.ts'
import { DecodeError, InvalidError } from '../../src/util/errors.ts'

test('signature bytes are type ‖ data; JSON {Type, Data}', () => {
  const sig = { type: SigType.Secp256k1, data: new Uint8Array(65).fill(2) }
  const bytes = encode(SignatureCodec, sig)
  assert.equal(toHex(bytes.subarray(0, 3)), '584201')
  assert.deepEqual(decode(SignatureCodec, bytes), sig)
  assert.deepEqual(SignatureCodec.fromJson(SignatureCodec.toJson(sig)), sig)
})

test('wrong signature lengths and malformed signatures are typed errors', () => {
  const isInvalid = (re: RegExp) => (e: unknown) => e instanceof InvalidError && re.test(e.message)
  const isDecode = (re: RegExp) => (e: unknown) => e instanceof DecodeError && re.test(e.message)
  checkSignatureLength({ type: SigType.BLS, data: new Uint8Array(96) })
  checkSignatureLength({ type: SigType.Secp256k1, data: new Uint8Array(65) })
  assert.throws(
    () => checkSignatureLength({ type: SigType.BLS, data: new Uint8Array(95) }, 'BlockSig'),
    isInvalid(/^BlockSig: type 2 signature must be 96 bytes, got 95$/),
  )
  assert.throws(
    () => checkSignatureLength({ type: SigType.Secp256k1, data: new Uint8Array(64) }),
    isInvalid(/must be 65 bytes, got 64/),
  )
  assert.throws(
    () => checkSignatureLength({ type: 0, data: new Uint8Array(0) }),
    isInvalid(/type 0 cannot be verified/),
  )
  assert.throws(
    () => decode(SignatureCodec, encodeCbor(new Uint8Array(201).fill(1))),
    isDecode(/201 bytes exceeds the 200-byte limit/),
  )
  assert.throws(() => decode(SignatureCodec, encodeCbor(new Uint8Array(0))), isDecode(/empty signature bytes/))
  assert.throws(() => decode(SignatureCodec, encodeCbor(Uint8Array.of(4, 1))), isDecode(/unknown signature type 4/))
  assert.throws(() => SignatureCodec.fromJson({ Type: 1, Data: '%%' }, 'Sig'), isDecode(/^Sig\.Data: invalid base64$/))
  assert.throws(
    () => SignatureCodec.fromJson({ Type: 9, Data: '' }, 'Sig'),
    isDecode(/^Sig\.Type: expected a signature type/),
  )
})
