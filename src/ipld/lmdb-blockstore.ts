/**
 * A Blockstore in LMDB (the `lmdb` package): key = CID bytes, value = block bytes.
 *
 * Writes are asynchronous and batched: every put issued in the same event turn goes into one LMDB
 * transaction, committed on lmdb's writer thread. A put's promise resolves once its transaction is
 * committed: the block is then visible to every reader and survives a crash of this process (kill -9).
 * With lmdb's default `overlappingSync` the fsync follows the commit; `flushed()` resolves when the last
 * commit is on disk, which is what survives a power loss.
 *
 * Blocks in our own store are trusted: `get` does not rehash unless `verify` is set, which then checks
 * every block read against its CID (a DecodeError names a corrupted block).
 */
import { type Database, type RootDatabase, open } from 'lmdb'
import type { CID } from '../core/cid.ts'
import { ErrorCode, LotusError } from '../util/errors.ts'
import { verifyBlock } from './block-hash.ts'
import type { Block, Blockstore } from './blockstore.ts'

export interface LmdbBlockstoreOptions {
  /** Directory of the LMDB environment (created when absent). */
  path: string
  /** Rehash every block read and throw on mismatch. Default false (our own store is trusted). */
  verify?: boolean
  /** Named sub-database to keep blocks in, beside other data in the same environment. Default: the root. */
  name?: string
}

function storageError(what: string, err: unknown): LotusError {
  return new LotusError(ErrorCode.Storage, `lmdb blockstore: ${what}: ${(err as Error)?.message ?? err}`, {
    cause: err,
  })
}

export class LmdbBlockstore implements Blockstore {
  private constructor(
    private readonly root: RootDatabase<Uint8Array, Uint8Array>,
    private readonly db: Database<Uint8Array, Uint8Array>,
    private readonly verify: boolean,
  ) {}

  /** Opens (or creates) the store at `opts.path`. */
  static open(opts: LmdbBlockstoreOptions): LmdbBlockstore {
    const base = { encoding: 'binary', keyEncoding: 'binary', cache: false, compression: false } as const
    let root: RootDatabase<Uint8Array, Uint8Array>
    try {
      root = open<Uint8Array, Uint8Array>({ path: opts.path, ...base, maxDbs: opts.name ? 16 : 1 })
    } catch (err) {
      throw storageError(`cannot open ${opts.path}`, err)
    }
    const db = opts.name ? root.openDB<Uint8Array, Uint8Array>({ name: opts.name, ...base }) : root
    return new LmdbBlockstore(root, db, opts.verify ?? false)
  }

  async get(cid: CID): Promise<Uint8Array | undefined> {
    const buf = this.db.getBinary(cid.bytes)
    if (buf === undefined) return undefined
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
    if (this.verify) verifyBlock(cid, bytes)
    return bytes
  }

  async has(cid: CID): Promise<boolean> {
    return this.db.doesExist(cid.bytes)
  }

  async put(cid: CID, bytes: Uint8Array): Promise<void> {
    if (this.db.doesExist(cid.bytes)) return
    try {
      await this.db.put(cid.bytes, bytes)
    } catch (err) {
      throw storageError(`put ${cid}`, err)
    }
  }

  /** Queues every block in the same event turn, so they commit in one transaction. */
  async putMany(blocks: Iterable<Block>): Promise<void> {
    const pending: Promise<boolean>[] = []
    for (const b of blocks) if (!this.db.doesExist(b.cid.bytes)) pending.push(this.db.put(b.cid.bytes, b.bytes))
    try {
      await Promise.all(pending)
    } catch (err) {
      throw storageError('putMany', err)
    }
  }

  async delete(cid: CID): Promise<void> {
    try {
      await this.db.remove(cid.bytes)
    } catch (err) {
      throw storageError(`delete ${cid}`, err)
    }
  }

  /** Resolves when every committed write is flushed to disk (durable across power loss). */
  async flushed(): Promise<void> {
    await this.root.flushed
  }

  /** Waits for pending writes, then closes the environment. */
  async close(): Promise<void> {
    await this.root.committed
    await this.root.close()
  }
}
