/**
 * A consistent copy of a live SQLite database: `VACUUM INTO` on a connection of its own runs as one read
 * transaction, so in WAL mode the miner keeps writing (sealing goes on) while the copy sees one instant.
 * The copy is a compact, self-contained database file (no -wal/-shm) returned as bytes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { ErrorCode, LotusError } from '../../util/errors.ts'

/** The bytes of a snapshot of the database at `dbFile` (which must exist). */
export function snapshotSqlite(dbFile: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-backup-'))
  const out = join(dir, 'snapshot.sqlite')
  let db: Database.Database | undefined
  try {
    db = new Database(dbFile, { fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    db.prepare('VACUUM INTO ?').run(out)
    db.close()
    db = undefined
    return new Uint8Array(readFileSync(out))
  } catch (err) {
    throw new LotusError(ErrorCode.Storage, `snapshot of ${dbFile}: ${(err as Error).message}`, { cause: err })
  } finally {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
