import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Address } from '../../src/core/address.ts'
import { MessageCodec } from '../../src/core/message.ts'
import { SignatureCodec } from '../../src/core/signature.ts'
import { schemeForKeyType } from '../../src/crypto/sigs.ts'
import { encodeKeyName, FsKeyStore } from '../../src/wallet/keystore.ts'
import { LocalWallet } from '../../src/wallet/wallet.ts'
import { readJsonVector } from '../vectors.ts'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'lotus-ts-ks-'))
  dirs.push(d)
  return d
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('keystore', () => {
  it("names files by Lotus's base32 (RFC 4648, upper case, unpadded) of the key name, mode 0600, KeyInfo JSON", () => {
    const d = tmp()
    const ks = new FsKeyStore(d)
    ks.put('default', { type: 'bls', privateKey: new Uint8Array([1, 2, 3]) })
    assert.equal(encodeKeyName('default'), 'MRSWMYLVNR2A')
    assert.equal(encodeKeyName('auth-jwt-private'), 'MF2XI2BNNJ3XILLQOJUXMYLUMU')
    assert.deepEqual(readdirSync(d), ['MRSWMYLVNR2A'])
    assert.equal(statSync(join(d, 'MRSWMYLVNR2A')).mode & 0o777, 0o600)
    assert.equal(readFileSync(join(d, 'MRSWMYLVNR2A'), 'utf8'), '{"Type":"bls","PrivateKey":"AQID"}')
    assert.deepEqual(ks.list(), ['default'])
  })

  it('refuses to overwrite, names missing keys, refuses relaxed permissions, drops stale temp files', () => {
    const d = tmp()
    const ks = new FsKeyStore(d)
    ks.put('a', { type: 'bls', privateKey: new Uint8Array([1]) })
    assert.throws(
      () => ks.put('a', { type: 'bls', privateKey: new Uint8Array([2]) }),
      /checking key before put 'a': key already exists/,
    )
    assert.throws(() => ks.get('b'), /opening key 'b': key info not found/)
    assert.throws(() => ks.delete('b'), /key info not found/)
    chmodSync(join(d, encodeKeyName('a')), 0o644)
    assert.throws(() => ks.get('a'), /permissions of key: 'a' are too relaxed, required: 0600, got: 0644/)
    writeFileSync(join(d, '.tmp-123-abc'), 'half a key')
    new FsKeyStore(d)
    assert.ok(!readdirSync(d).includes('.tmp-123-abc'))
  })

  it('encrypts key files with a passphrase, reads them back, and names a missing or wrong passphrase', () => {
    const d = tmp()
    const ks = new FsKeyStore(d, { passphrase: 'correct horse' })
    ks.put('k', { type: 'secp256k1', privateKey: new Uint8Array(32).fill(5) })
    const raw = readFileSync(join(d, encodeKeyName('k')), 'utf8')
    assert.match(raw, /"Encrypted":"scrypt-aes-256-gcm"/)
    assert.doesNotMatch(raw, /BQUFBQUF/) // base64 of the key bytes never appears
    assert.deepEqual(new FsKeyStore(d, { passphrase: 'correct horse' }).get('k').privateKey, new Uint8Array(32).fill(5))
    assert.throws(() => new FsKeyStore(d).get('k'), /key 'k' is encrypted: set LOTUS_TS_KEYSTORE_PASSPHRASE/)
    assert.throws(() => new FsKeyStore(d, { passphrase: 'wrong' }).get('k'), /wrong keystore passphrase/)
    // Plain Lotus files still read in an encrypted keystore.
    writeFileSync(join(d, encodeKeyName('plain')), '{"Type":"bls","PrivateKey":"AQID"}', { mode: 0o600 })
    assert.deepEqual(ks.get('plain').privateKey, new Uint8Array([1, 2, 3]))
  })
})

describe('local wallet', () => {
  it('creates keys, makes the first the default, lists sorted, soft-deletes to trash', () => {
    const ks = new FsKeyStore(tmp())
    const w = new LocalWallet(ks)
    const a = w.newKey('secp256k1')
    const b = w.newKey('bls')
    assert.equal(w.defaultAddress()?.toString(), a.toString())
    assert.deepEqual(w.list().map(String), [a, b].map(String).sort())
    w.setDefault(b)
    assert.equal(w.defaultAddress()?.toString(), b.toString())
    w.delete(b)
    assert.equal(w.defaultAddress(), undefined)
    assert.deepEqual(w.list().map(String), [a.toString()])
    assert.ok(ks.has(`trash-${b}`))
    w.delete(b) // already gone: no error, as Lotus
    assert.throws(() => w.newKey('rsa'), /unsupported key type "rsa"/)
    assert.throws(() => w.sign(b, new Uint8Array(1)), /signing using key '.*': key info not found/)
  })

  it('signs and verifies with both key types, and finds keys by their f or t string', () => {
    const w = new LocalWallet(new FsKeyStore(tmp()))
    for (const t of ['secp256k1', 'bls']) {
      const a = w.newKey(t)
      const msg = new TextEncoder().encode('hello')
      const sig = w.sign(a, msg)
      assert.equal(w.verify(a, msg, sig), true)
      assert.equal(w.verify(a, new TextEncoder().encode('hellO'), sig), false)
      assert.ok(w.has(Address.parse(`f${a.toString().slice(1)}`)))
    }
  })

  it("never changes the caller's key bytes, even a Buffer view (BLS keys are byte-reversed internally)", () => {
    const key = Buffer.from('pyBOAP9camcZANKedHE+oaqPgtsOd/qBvOAO1YfvLVY=', 'base64')
    const copy = Buffer.from(key)
    const scheme = schemeForKeyType('bls')
    scheme.publicKey(key)
    scheme.sign(key, new Uint8Array([1]))
    assert.deepEqual(key, copy)
  })

  it('signs the published message vectors identically from a Lotus key (KeyInfo bytes go straight in)', (t) => {
    const vectors = readJsonVector(t, 'serialization/message_signing.json') as
      | { Unsigned: unknown; PrivateKey: string; Signature: { Type: number; Data: string } }[]
      | null
    if (!vectors) return
    const w = new LocalWallet(new FsKeyStore(tmp()))
    for (const v of vectors) {
      const msg = MessageCodec.fromJson(v.Unsigned)
      const addr = w.import({ type: 'bls', privateKey: Buffer.from(v.PrivateKey, 'base64') })
      assert.equal(addr.toString(), msg.from.toString())
      const signed = w.signMessage(addr, msg)
      assert.deepEqual(SignatureCodec.toJson(signed.signature), v.Signature)
    }
  })
})
