/**
 * The daemon's own pending messages kept across restarts (Lotus persists local messages under
 * `/mpool/local` and re-adds them on start): a CBOR list of signed messages in `<repo>/datastore/
 * mpool-local.cbor`, rewritten atomically after each local push and head change.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { decodeCbor, encodeCbor } from '../core/cbor/index.ts'
import { asArray } from '../core/cbor/read.ts'
import { type SignedMessage, SignedMessageCodec } from '../core/signed-message.ts'
import { errorMessage } from '../util/errors.ts'
import { logger } from '../util/log.ts'

const log = logger('mpool')

export class LocalMessageFile {
  constructor(private readonly path: string) {}

  /** The saved messages; a missing file is none, an unreadable one is logged and skipped. */
  load(): SignedMessage[] {
    if (!existsSync(this.path)) return []
    try {
      return asArray(decodeCbor(new Uint8Array(readFileSync(this.path))), 'local messages').map((v, i) =>
        SignedMessageCodec.fromCbor(v, `local messages[${i}]`),
      )
    } catch (err) {
      log.warn('ignoring unreadable local message file', { path: this.path, error: errorMessage(err) })
      return []
    }
  }

  save(msgs: readonly SignedMessage[]): void {
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, encodeCbor(msgs.map((m) => SignedMessageCodec.toCbor(m))))
    renameSync(tmp, this.path)
  }
}
