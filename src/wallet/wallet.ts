/**
 * The local wallet (lotus chain/wallet.LocalWallet): keys as `wallet-<address>` entries in the keystore,
 * the default key copied under `default`, soft deletion to `trash-<address>`. Only key types the
 * signature registry has (secp256k1, bls) can be created or imported.
 */
import { Address } from '../core/address.ts'
import type { Message } from '../core/message.ts'
import type { Signature } from '../core/signature.ts'
import { messageSigningBytes, type SignedMessage } from '../core/signed-message.ts'
import { schemeForKeyType, sign, verifySignature } from '../crypto/sigs.ts'
import { NotFoundError } from '../util/errors.ts'
import type { KeyInfo } from './key-info.ts'
import { ERR_KEY_NOT_FOUND, type KeyStore } from './keystore.ts'

export const KEY_NAME_PREFIX = 'wallet-'
export const KEY_TRASH_PREFIX = 'trash-'
export const KEY_DEFAULT = 'default'

/** The other network's string of the same address (`t1…` for `f1…`), as Lotus also looks keys up by it. */
function altName(addr: Address): string {
  const s = addr.toString()
  return (s[0] === 'f' ? 't' : 'f') + s.slice(1)
}

export class LocalWallet {
  /** Addresses derived from keys (a scalar multiplication each) and parsed from key names, memoized. */
  private readonly derived = new Map<string, Address>()
  private readonly parsed = new Map<string, Address>()

  constructor(private readonly keystore: KeyStore) {}

  private addressOf(ki: KeyInfo): Address {
    const id = `${ki.type}:${Buffer.from(ki.privateKey).toString('base64')}`
    let a = this.derived.get(id)
    if (!a) {
      const scheme = schemeForKeyType(ki.type)
      a = scheme.address(scheme.publicKey(ki.privateKey))
      if (this.derived.size > 10_000) this.derived.clear()
      this.derived.set(id, a)
    }
    return a
  }

  private parseName(text: string): Address {
    let a = this.parsed.get(text)
    if (!a) {
      a = Address.parse(text)
      if (this.parsed.size > 10_000) this.parsed.clear()
      this.parsed.set(text, a)
    }
    return a
  }

  /** The key of `addr`, or undefined. */
  private findKey(addr: Address): KeyInfo | undefined {
    for (const name of [KEY_NAME_PREFIX + addr.toString(), KEY_NAME_PREFIX + altName(addr)]) {
      if (this.keystore.has(name)) return this.keystore.get(name)
    }
    return undefined
  }

  private mustFind(addr: Address, doing: string): KeyInfo {
    const ki = this.findKey(addr)
    if (!ki) throw new NotFoundError(`${doing} using key '${addr}': ${ERR_KEY_NOT_FOUND}`)
    return ki
  }

  /** Creates a key; the first key of the wallet also becomes the default. */
  newKey(keyType: string): Address {
    const scheme = schemeForKeyType(keyType)
    const ki: KeyInfo = { type: scheme.keyType, privateKey: scheme.generatePrivateKey() }
    const addr = this.addressOf(ki)
    this.keystore.put(KEY_NAME_PREFIX + addr.toString(), ki)
    if (!this.keystore.has(KEY_DEFAULT)) this.keystore.put(KEY_DEFAULT, ki)
    return addr
  }

  has(addr: Address): boolean {
    return this.findKey(addr) !== undefined
  }

  /** Every key's address, sorted by its string, without duplicates. */
  list(): Address[] {
    const seen = new Map<string, Address>()
    for (const name of this.keystore.list()) {
      if (!name.startsWith(KEY_NAME_PREFIX)) continue
      const a = this.parseName(name.slice(KEY_NAME_PREFIX.length))
      seen.set(a.toString(), a)
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a)
  }

  sign(addr: Address, data: Uint8Array): Signature {
    const ki = this.mustFind(addr, 'signing')
    return sign(schemeForKeyType(ki.type).type, ki.privateKey, data)
  }

  /** Signs the message's CID bytes (Lotus WalletSignMessage). */
  signMessage(addr: Address, message: Message): SignedMessage {
    return { message, signature: this.sign(addr, messageSigningBytes(message)) }
  }

  /** Whether `sig` is `addr`'s signature over `data` (never throws for a bad signature). */
  verify(addr: Address, data: Uint8Array, sig: Signature): boolean {
    try {
      verifySignature(sig, data, addr)
      return true
    } catch {
      return false
    }
  }

  export(addr: Address): KeyInfo {
    return this.mustFind(addr, 'exporting')
  }

  /** Stores a key and returns its address; refuses key types the wallet cannot sign with. */
  import(ki: KeyInfo): Address {
    // A private copy: callers may pass a Buffer view that signing code must never alias.
    ki = { type: ki.type, privateKey: Uint8Array.from(ki.privateKey) }
    const addr = this.addressOf(ki)
    this.keystore.put(KEY_NAME_PREFIX + addr.toString(), {
      type: schemeForKeyType(ki.type).keyType,
      privateKey: ki.privateKey,
    })
    return addr
  }

  /** Moves the key to `trash-<address>`; also forgets it as the default. */
  delete(addr: Address): void {
    const ki = this.findKey(addr)
    if (!ki) return // already gone, as Lotus
    const trash = KEY_TRASH_PREFIX + addr.toString()
    if (this.keystore.has(trash)) this.keystore.delete(trash)
    this.keystore.put(trash, ki)
    for (const name of [KEY_NAME_PREFIX + addr.toString(), KEY_NAME_PREFIX + altName(addr)])
      if (this.keystore.has(name)) this.keystore.delete(name)
    const def = this.defaultAddress()
    if (def && def.toString() === addr.toString()) this.keystore.delete(KEY_DEFAULT)
  }

  /** The default address, or undefined when none is set. */
  defaultAddress(): Address | undefined {
    if (!this.keystore.has(KEY_DEFAULT)) return undefined
    return this.addressOf(this.keystore.get(KEY_DEFAULT))
  }

  setDefault(addr: Address): void {
    const ki = this.findKey(addr)
    if (!ki) throw new NotFoundError(`setting default address: key of ${addr}: ${ERR_KEY_NOT_FOUND}`)
    if (this.keystore.has(KEY_DEFAULT)) this.keystore.delete(KEY_DEFAULT)
    this.keystore.put(KEY_DEFAULT, ki)
  }
}
