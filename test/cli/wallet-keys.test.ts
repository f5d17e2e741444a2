import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { frc0102, readKey, writeKey } from '../../src/cli/lotus/wallet-keys.ts'

const ki = { type: 'secp256k1', privateKey: new Uint8Array(32).fill(1) }
const json = '{"Type":"secp256k1","PrivateKey":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}'

describe('wallet key formats (lotus cli/wallet.go)', () => {
  it('writes hex-lotus (hex of the KeyInfo JSON), json-lotus and hex-eth', () => {
    assert.equal(writeKey(ki, 'json-lotus'), json)
    assert.equal(writeKey(ki, 'hex-lotus'), Buffer.from(json).toString('hex'))
    assert.equal(writeKey(ki, 'hex-eth'), `0x${'01'.repeat(32)}`)
    assert.throws(
      () => writeKey({ type: 'bls', privateKey: ki.privateKey }, 'hex-eth'),
      /requires a secp256k1 or delegated key, got: bls/,
    )
    assert.throws(() => writeKey(ki, 'pem'), /unrecognized format: pem/)
  })

  it('reads hex-lotus (with whitespace), json-lotus and go-filecoin JSON', () => {
    assert.deepEqual(readKey(`${Buffer.from(json).toString('hex')}\n`, 'hex-lotus'), ki)
    assert.deepEqual(readKey(json, 'json-lotus'), ki)
    const gfc = JSON.stringify({ KeyInfo: [{ PrivateKey: Buffer.from(ki.privateKey).toString('base64'), SigType: 2 }] })
    assert.deepEqual(readKey(gfc, 'gfc-json'), { type: 'bls', privateKey: ki.privateKey })
  })

  it('names bad input', () => {
    assert.throws(() => readKey('zz', 'hex-lotus'), /hex-lotus key: input is not hex/)
    assert.throws(() => readKey(Buffer.from('{}').toString('hex'), 'hex-lotus'), /expected \{"Type"/)
    assert.throws(
      () => readKey('{"KeyInfo":[{"PrivateKey":"AA==","SigType":9}]}', 'gfc-json'),
      /unrecognized key type: 9/,
    )
    assert.throws(() => readKey('x', 'json-lotus'), /not valid JSON KeyInfo/)
  })

  it('wraps messages in the FRC-0102 envelope', () => {
    assert.equal(
      Buffer.from(frc0102(new Uint8Array([0xde, 0xad]))).toString('latin1'),
      '\x19Filecoin Signed Message:\n2\xde\xad',
    )
  })
})
