/**
 * The miner backup file format (version 1). One DAG-CBOR item, a 3-element array:
 *
 *   [ header, content, checksum ]
 *   header   = map {"Format": "lotus-ts-miner-backup", "Version": 1}
 *   content  = bytes: the DAG-CBOR encoding of [[name (text), data (bytes)], …], one entry per repo file,
 *              names relative to the repo in `/` form (`config.toml`, `keystore/<base32 name>`, …; see entries.ts)
 *   checksum = bytes(32): SHA-256 of (the CBOR encoding of header) ‖ (content)
 *
 * Reading checks the framing, then the checksum, then the header, and only then decodes the content, so a
 * damaged, truncated or foreign file is refused before anything is written. (Lotus's own backup is a CBOR
 * `[[key, value]…, sha256]` of the metadata datastore only; this one also carries the repo files a restore
 * needs, see docs/DIFFERENCES.md.)
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { asArray, asBytes, asString, asTuple, decodeCbor, encodeCbor } from '../../core/cbor/index.ts'
import type { CborMap, CborValue } from '../../core/cbor/index.ts'
import { DecodeError, errorMessage, InvalidError } from '../../util/errors.ts'

export const BACKUP_FORMAT = 'lotus-ts-miner-backup'
export const BACKUP_VERSION = 1

/** One repo file in a backup. */
export interface BackupEntry {
  /** Path relative to the repo, `/`-separated. */
  readonly name: string
  readonly data: Uint8Array
}

const checksumOf = (header: Uint8Array, content: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('sha256').update(header).update(content).digest())

/** The whole backup file for `entries`. */
export function encodeBackup(entries: readonly BackupEntry[]): Uint8Array {
  const header: CborMap = { Format: BACKUP_FORMAT, Version: BACKUP_VERSION }
  const content = encodeCbor(entries.map((e) => [e.name, e.data]))
  return encodeCbor([header, content, checksumOf(encodeCbor(header), content)])
}

/** Reads a backup file's bytes; `where` names the file in errors. Throws before returning anything partial. */
export function decodeBackup(bytes: Uint8Array, where: string): BackupEntry[] {
  let parts: CborValue[]
  try {
    parts = asTuple(decodeCbor(bytes), 3, 'backup')
  } catch (err) {
    throw new DecodeError(`${where}: not a readable miner backup (damaged or truncated): ${errorMessage(err)}`)
  }
  const [header, content, sum] = parts as [CborValue, CborValue, CborValue]
  if (header === null || typeof header !== 'object' || Array.isArray(header) || header instanceof Uint8Array)
    throw new DecodeError(`${where}: not a miner backup: the header is not a map`)
  let contentBytes: Uint8Array
  let sumBytes: Uint8Array
  try {
    contentBytes = asBytes(content, 'backup content')
    sumBytes = asBytes(sum, 'backup checksum')
  } catch (err) {
    throw new DecodeError(`${where}: not a miner backup: ${errorMessage(err)}`)
  }
  const expected = checksumOf(encodeCbor(header), contentBytes)
  if (sumBytes.length !== expected.length || !timingSafeEqual(sumBytes, expected))
    throw new InvalidError(`${where}: checksum mismatch: the backup is corrupted (SHA-256 of its content differs)`)
  const h = header as CborMap
  if (h.Format !== BACKUP_FORMAT)
    throw new InvalidError(`${where}: not a miner backup: format ${JSON.stringify(h.Format)}, want ${BACKUP_FORMAT}`)
  if (h.Version !== BACKUP_VERSION)
    throw new InvalidError(
      `${where}: backup format version ${String(h.Version)} is not supported (this program reads ${BACKUP_VERSION})`,
    )
  try {
    return asArray(decodeCbor(contentBytes), 'entries').map((e, i) => {
      const [name, data] = asTuple(e, 2, `entries[${i}]`) as [CborValue, CborValue]
      return { name: asString(name, `entries[${i}].name`), data: asBytes(data, `entries[${i}].data`) }
    })
  } catch (err) {
    throw new DecodeError(`${where}: backup content does not decode: ${errorMessage(err)}`)
  }
}
