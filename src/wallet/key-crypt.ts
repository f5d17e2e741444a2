/**
 * Optional encryption of key files at rest (beyond Lotus). With a passphrase, a key file holds
 * `{"Encrypted":"scrypt-aes-256-gcm","N":…,"r":…,"p":…,"Salt":…,"Nonce":…,"Ciphertext":…}` (base64 fields)
 * whose plaintext is the KeyInfo JSON Lotus would have written. Key derivation is scrypt (N=2^15, r=8,
 * p=1, 32-byte key); the cipher AES-256-GCM with a random 12-byte nonce and the 16-byte tag appended.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { fromBase64, toBase64 } from '../util/bytes.ts'
import { DecodeError, ErrorCode, LotusError } from '../util/errors.ts'

export const ENCRYPTION_SCHEME = 'scrypt-aes-256-gcm'
const N = 1 << 15
const R = 8
const P = 1

export interface EncryptedKeyFile {
  Encrypted: typeof ENCRYPTION_SCHEME
  N: number
  r: number
  p: number
  Salt: string
  Nonce: string
  Ciphertext: string
}

export class KeyCrypt {
  private readonly keys = new Map<string, Buffer>()
  private readonly salt = randomBytes(16)

  constructor(private readonly passphrase: string) {}

  private keyFor(salt: Uint8Array, n: number, r: number, p: number): Buffer {
    const id = `${toBase64(salt)}/${n}/${r}/${p}`
    let k = this.keys.get(id)
    if (!k) {
      k = scryptSync(this.passphrase, salt, 32, { N: n, r, p, maxmem: 256 * n * r + (1 << 20) })
      this.keys.set(id, k)
    }
    return k
  }

  encrypt(plaintext: string): string {
    const nonce = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', this.keyFor(this.salt, N, R, P), nonce)
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()])
    const f: EncryptedKeyFile = {
      Encrypted: ENCRYPTION_SCHEME,
      N,
      r: R,
      p: P,
      Salt: toBase64(this.salt),
      Nonce: toBase64(nonce),
      Ciphertext: toBase64(ct),
    }
    return JSON.stringify(f)
  }

  decrypt(f: EncryptedKeyFile, what: string): string {
    if (f.Encrypted !== ENCRYPTION_SCHEME) throw new DecodeError(`${what}: unknown encryption ${f.Encrypted}`)
    if (![f.N, f.r, f.p].every((x) => Number.isInteger(x) && x > 0) || f.N > 1 << 20 || f.r > 32 || f.p > 16)
      throw new DecodeError(`${what}: bad scrypt parameters`)
    const ct = fromBase64(f.Ciphertext)
    if (ct.length < 16) throw new DecodeError(`${what}: ciphertext too short`)
    const d = createDecipheriv('aes-256-gcm', this.keyFor(fromBase64(f.Salt), f.N, f.r, f.p), fromBase64(f.Nonce))
    d.setAuthTag(ct.subarray(ct.length - 16))
    try {
      return Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]).toString('utf8')
    } catch {
      throw new LotusError(ErrorCode.Permission, `${what}: wrong keystore passphrase (or a corrupted key file)`)
    }
  }
}

/** Whether parsed key file JSON is an encrypted envelope. */
export function isEncrypted(j: unknown): j is EncryptedKeyFile {
  return typeof j === 'object' && j !== null && 'Encrypted' in j
}
