/**
 * The file keystore in Lotus's layout (node/repo/fsrepo.go): one file per key in `<repo>/keystore/`,
 * named by the RFC 4648 base32 (upper case, no padding) of the key name, holding KeyInfo JSON, mode 0600.
 * Writes are atomic and durable: a temp file is written and fsynced, hard-linked into place (which also
 * refuses to overwrite an existing key), and the directory fsynced, so kill -9 never leaves a half key.
 * With a passphrase, files are encrypted (see key-crypt.ts); plain Lotus files still read.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { base32upper } from 'multiformats/bases/base32'
import { DecodeError, ErrorCode, LotusError, NotFoundError } from '../util/errors.ts'
import { isEncrypted, KeyCrypt } from './key-crypt.ts'
import { type KeyInfo, keyInfoFromJson, keyInfoToJson } from './key-info.ts'

/** Lotus's sentinel texts, kept so error messages read the same. */
export const ERR_KEY_NOT_FOUND = 'key info not found'
export const ERR_KEY_EXISTS = 'key already exists'

export class KeyExistsError extends LotusError {
  constructor(name: string) {
    super(ErrorCode.Conflict, `checking key before put '${name}': ${ERR_KEY_EXISTS}`)
    this.name = 'KeyExistsError'
  }
}

export interface KeyStore {
  list(): string[]
  /** Throws NotFoundError when absent. */
  get(name: string): KeyInfo
  has(name: string): boolean
  /** Throws KeyExistsError when the name is taken. */
  put(name: string, info: KeyInfo): void
  /** Throws NotFoundError when absent. */
  delete(name: string): void
}

export interface FsKeyStoreOptions {
  /** Encrypts new key files with this passphrase (and is needed to read encrypted ones). */
  readonly passphrase?: string
}

const TMP_PREFIX = '.tmp-'

export const encodeKeyName = (name: string) => base32upper.baseEncode(new TextEncoder().encode(name))

function decodeKeyName(file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base32upper.baseDecode(file))
  } catch {
    throw new DecodeError(`decoding key: '${file}': not a base32 key name`)
  }
}

export class FsKeyStore implements KeyStore {
  private readonly crypt?: KeyCrypt

  constructor(
    readonly dir: string,
    opts: FsKeyStoreOptions = {},
  ) {
    if (opts.passphrase) this.crypt = new KeyCrypt(opts.passphrase)
    // Temp files left by a write that was killed before its link: never a key, always safe to drop.
    for (const f of readdirSync(dir)) if (f.startsWith(TMP_PREFIX)) unlinkSync(join(dir, f))
  }

  private pathOf(name: string): string {
    return join(this.dir, encodeKeyName(name))
  }

  private checkMode(file: string, mode: number): void {
    if ((mode & 0o077) !== 0)
      throw new LotusError(
        ErrorCode.Permission,
        `permissions of key: '${file}' are too relaxed, required: 0600, got: 0${(mode & 0o777).toString(8)}`,
      )
  }

  /**
   * The listing, cached until the directory changes (its mtime; our own writes drop the cache). Modes are
   * checked when the listing is read from disk; `get` checks a key's mode every time.
   */
  private listing?: { mtime: bigint; names: string[] }

  list(): string[] {
    const mtime = statSync(this.dir, { bigint: true }).mtimeNs
    if (this.listing?.mtime === mtime) return [...this.listing.names]
    const out: string[] = []
    for (const f of readdirSync(this.dir)) {
      if (f.startsWith(TMP_PREFIX)) continue
      this.checkMode(f, statSync(join(this.dir, f)).mode)
      out.push(decodeKeyName(f))
    }
    this.listing = { mtime, names: out }
    return [...out]
  }

  has(name: string): boolean {
    try {
      statSync(this.pathOf(name))
      return true
    } catch {
      return false
    }
  }

  get(name: string): KeyInfo {
    const path = this.pathOf(name)
    let text: string
    try {
      this.checkMode(name, statSync(path).mode)
      text = readFileSync(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new NotFoundError(`opening key '${name}': ${ERR_KEY_NOT_FOUND}`)
      throw err
    }
    let j: unknown
    try {
      j = JSON.parse(text)
    } catch {
      throw new DecodeError(`decoding key '${name}': not valid JSON`)
    }
    if (isEncrypted(j)) {
      if (!this.crypt)
        throw new LotusError(
          ErrorCode.Permission,
          `key '${name}' is encrypted: set LOTUS_TS_KEYSTORE_PASSPHRASE to the keystore passphrase`,
        )
      text = this.crypt.decrypt(j, `key '${name}'`)
    }
    return keyInfoFromJson(text, `key '${name}'`)
  }

  put(name: string, info: KeyInfo): void {
    const path = this.pathOf(name)
    if (this.has(name)) throw new KeyExistsError(name)
    const plain = keyInfoToJson(info)
    const data = this.crypt ? this.crypt.encrypt(plain) : plain
    this.listing = undefined
    const tmp = join(this.dir, `${TMP_PREFIX}${process.pid}-${Math.random().toString(36).slice(2)}`)
    const fd = openSync(tmp, 'wx', 0o600)
    try {
      writeSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    try {
      linkSync(tmp, path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyExistsError(name)
      throw err
    } finally {
      unlinkSync(tmp)
    }
    syncDir(this.dir)
  }

  delete(name: string): void {
    this.listing = undefined
    try {
      unlinkSync(this.pathOf(name))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new NotFoundError(`checking key before delete '${name}': ${ERR_KEY_NOT_FOUND}`)
      throw err
    }
    syncDir(this.dir)
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
