/**
 * The miner's SQL metadata store: a small interface over an embedded SQLite database (better-sqlite3), in
 * WAL mode with synchronous=FULL so a committed transaction survives kill -9 and power loss.
 *
 * Portability: every statement the callers write must run unchanged on PostgreSQL apart from the
 * placeholder style. Use `?` placeholders (a PostgreSQL adapter rewrites them to `$1, $2, …`), standard
 * types (INTEGER, BIGINT, TEXT, DOUBLE PRECISION; BLOB is written `BYTEA`-compatible through `blobType`),
 * `INSERT … ON CONFLICT (…) DO UPDATE/NOTHING` (both support it), no `INSERT OR REPLACE`, no `AUTOINCREMENT`,
 * no `ROWID`, no pragmas outside this file. A PostgreSQL backend is another `SqlStore` implementation whose
 * `transaction` runs BEGIN/COMMIT on one pooled connection; being asynchronous there, it would expose the
 * same methods returning promises — callers keep their SQL and wrap the calls in `await`.
 */
import Database from 'better-sqlite3'
import { ErrorCode, LotusError } from '../util/errors.ts'

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | bigint | Uint8Array | null

/** What the scheduler, the sector pipeline and the rest of the miner see of the database. */
export interface SqlStore {
  /** Runs a statement that returns no rows; the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): number
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): T | undefined
  /** Every row. */
  all<T>(sql: string, params?: readonly SqlValue[]): T[]
  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. Nestable. */
  transaction<T>(fn: () => T): T
  close(): void
}

/** A database failure, naming the statement that failed. */
export class SqlError extends LotusError {
  constructor(sql: string, cause: unknown) {
    super(ErrorCode.Storage, `sql: ${(cause as Error)?.message ?? String(cause)} (in: ${sql.trim().slice(0, 120)})`, {
      cause,
    })
    this.name = 'SqlError'
  }
}

/** The column type to declare for byte strings (SQLite BLOB; PostgreSQL BYTEA). */
export const blobType = 'BLOB'

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p))
}

class SqliteStore implements SqlStore {
  private depth = 0
  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    try {
      return this.db.prepare(sql)
    } catch (err) {
      throw new SqlError(sql, err)
    }
  }

  run(sql: string, params: readonly SqlValue[] = []): number {
    const st = this.prepare(sql)
    try {
      return st.run(...bind(params)).changes
    } catch (err) {
      throw new SqlError(sql, err)
    }
  }

  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    const st = this.prepare(sql)
    try {
      return st.get(...bind(params)) as T | undefined
    } catch (err) {
      throw new SqlError(sql, err)
    }
  }

  all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    const st = this.prepare(sql)
    try {
      return st.all(...bind(params)) as T[]
    } catch (err) {
      throw new SqlError(sql, err)
    }
  }

  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn()
    this.db.exec('BEGIN IMMEDIATE')
    this.depth++
    try {
      const out = fn()
      this.db.exec('COMMIT')
      return out
    } catch (err) {
      this.db.exec('ROLLBACK')
      throw err
    } finally {
      this.depth--
    }
  }

  close(): void {
    this.db.close()
  }
}

/** Opens (creating when absent) the SQLite database at `path` (`:memory:` for tests). */
export function openSqlite(path: string): SqlStore {
  let db: Database.Database
  try {
    db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.defaultSafeIntegers(true)
  } catch (err) {
    throw new LotusError(ErrorCode.Storage, `opening database ${path}: ${(err as Error).message}`, { cause: err })
  }
  return new SqliteStore(db)
}
