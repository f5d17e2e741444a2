/**
 * The sectors of the sealing pipeline as rows of the miner's SQL metadata (Lotus keeps them at
 * `/sectors/<n>`): state, ticket, seed, commitments, message CIDs, retries and the event log. Every change is
 * a compare-and-set on the row's version in one transaction with its log line, so two writers never both
 * win and a crash leaves either the old row or the new one. Sector numbers come from a counter row that is
 * incremented in the transaction that creates the sector, so a number is never handed out twice.
 */
import { migrate } from '../../db/migrate.ts'
import type { SqlStore, SqlValue } from '../../db/sql-store.ts'
import { ErrorCode, LotusError, NotFoundError } from '../../util/errors.ts'
import type { SectorState } from './states.ts'

const MIGRATIONS = [
  [
    `CREATE TABLE sectors (number BIGINT NOT NULL PRIMARY KEY, state TEXT NOT NULL, seal_proof INTEGER NOT NULL,
      version BIGINT NOT NULL, retries INTEGER NOT NULL, last_err TEXT NOT NULL,
      ticket TEXT, ticket_epoch BIGINT, seed TEXT, seed_epoch BIGINT, comm_d TEXT, comm_r TEXT,
      unsealed_cid TEXT, sealed_cid TEXT, pieces TEXT, proof TEXT, expiration BIGINT,
      precommit_msg TEXT, precommit_deposit TEXT, precommit_epoch BIGINT, commit_msg TEXT,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
    'CREATE INDEX sectors_state ON sectors (state)',
    `CREATE TABLE sector_log (number BIGINT NOT NULL, seq BIGINT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL,
      message TEXT NOT NULL, trace TEXT NOT NULL, PRIMARY KEY (number, seq))`,
    'CREATE TABLE sector_counter (name TEXT NOT NULL PRIMARY KEY, next BIGINT NOT NULL)',
  ],
]

/** What the pipeline knows of a sector. Byte strings are hex; CIDs their string form; epochs numbers. */
export interface SectorData {
  ticket: string | null
  ticketEpoch: number | null
  seed: string | null
  seedEpoch: number | null
  commD: string | null
  commR: string | null
  unsealedCid: string | null
  sealedCid: string | null
  /** The pieces AddPiece wrote, as JSON text. */
  pieces: string | null
  /** The C2 proof, base64. */
  proof: string | null
  expiration: number | null
  preCommitMsg: string | null
  /** attoFIL, decimal. */
  preCommitDeposit: string | null
  preCommitEpoch: number | null
  commitMsg: string | null
}

export interface SectorRecord extends SectorData {
  readonly number: number
  readonly state: SectorState
  readonly sealProof: number
  readonly version: number
  readonly retries: number
  readonly lastErr: string
  readonly createdAt: number
  readonly updatedAt: number
}

export interface SectorLogEntry {
  readonly at: number
  readonly kind: string
  readonly message: string
  readonly trace: string
}

/** A change to a sector: its next state, the fields that change and the log line that says why. */
export interface SectorChange {
  readonly state?: SectorState
  readonly data?: Partial<SectorData>
  readonly retries?: number
  readonly lastErr?: string
  readonly log: { kind: string; message: string; trace?: string }
}

/** The row changed since it was read (another step, or the user, moved the sector). */
export class SectorConflictError extends LotusError {
  constructor(n: number) {
    super(ErrorCode.Conflict, `sector ${n} changed while being updated`)
    this.name = 'SectorConflictError'
  }
}

const COLUMNS: Readonly<Record<keyof SectorData, string>> = {
  ticket: 'ticket',
  ticketEpoch: 'ticket_epoch',
  seed: 'seed',
  seedEpoch: 'seed_epoch',
  commD: 'comm_d',
  commR: 'comm_r',
  unsealedCid: 'unsealed_cid',
  sealedCid: 'sealed_cid',
  pieces: 'pieces',
  proof: 'proof',
  expiration: 'expiration',
  preCommitMsg: 'precommit_msg',
  preCommitDeposit: 'precommit_deposit',
  preCommitEpoch: 'precommit_epoch',
  commitMsg: 'commit_msg',
}
const NUMERIC = new Set<keyof SectorData>(['ticketEpoch', 'seedEpoch', 'expiration', 'preCommitEpoch'])

type Row = Record<string, SqlValue>

function toRecord(r: Row): SectorRecord {
  const data = {} as Record<string, unknown>
  for (const [k, col] of Object.entries(COLUMNS) as [keyof SectorData, string][]) {
    const v = r[col]
    data[k] = v === null || v === undefined ? null : NUMERIC.has(k) ? Number(v) : String(v)
  }
  return {
    ...(data as unknown as SectorData),
    number: Number(r.number),
    state: String(r.state) as SectorState,
    sealProof: Number(r.seal_proof),
    version: Number(r.version),
    retries: Number(r.retries),
    lastErr: String(r.last_err),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

export class SectorStore {
  constructor(
    private readonly db: SqlStore,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, 'sectors', MIGRATIONS)
  }

  /** Creates a sector with the next number from the counter (both in one transaction). */
  create(sealProof: number, state: SectorState, log: SectorChange['log']): SectorRecord {
    return this.db.transaction(() => {
      const row = this.db.get<{ next: bigint }>("SELECT next FROM sector_counter WHERE name = 'sectors'")
      const n = Number(row?.next ?? 0n)
      if (row) this.db.run("UPDATE sector_counter SET next = ? WHERE name = 'sectors'", [n + 1])
      else this.db.run("INSERT INTO sector_counter (name, next) VALUES ('sectors', ?)", [n + 1])
      const at = this.now()
      this.db.run(
        `INSERT INTO sectors (number, state, seal_proof, version, retries, last_err, created_at, updated_at)
         VALUES (?, ?, ?, 1, 0, '', ?, ?)`,
        [n, state, sealProof, at, at],
      )
      this.appendLog(n, at, log)
      return this.get(n)
    })
  }

  /**
   * Records a sector sealed outside the pipeline under its own number (a genesis miner's pre-sealed sectors,
   * Lotus `migratePreSealMeta`) and raises the counter past it; a sector already recorded is left as it is.
   */
  adopt(
    n: number,
    sealProof: number,
    state: SectorState,
    data: Partial<SectorData>,
    log: SectorChange['log'],
  ): SectorRecord {
    return this.db.transaction(() => {
      const have = this.find(n)
      if (have) return have
      const at = this.now()
      const cols = Object.keys(data) as (keyof SectorData)[]
      this.db.run(
        `INSERT INTO sectors (number, state, seal_proof, version, retries, last_err, created_at, updated_at${cols
          .map((k) => `, ${COLUMNS[k]}`)
          .join('')}) VALUES (?, ?, ?, 1, 0, '', ?, ?${', ?'.repeat(cols.length)})`,
        [n, state, sealProof, at, at, ...cols.map((k) => data[k] ?? null)],
      )
      this.appendLog(n, at, log)
      this.ensureNextAtLeast(n + 1)
      return this.get(n)
    })
  }

  /** The next number to hand out (Lotus `/storage/nextid`). */
  nextNumber(): number {
    return Number(this.db.get<{ next: bigint }>("SELECT next FROM sector_counter WHERE name = 'sectors'")?.next ?? 0n)
  }

  /** Raises the counter to at least `n` (numbers already taken on chain, e.g. a genesis miner's); never lowers it. */
  ensureNextAtLeast(n: number): void {
    this.db.transaction(() => {
      const cur = this.nextNumber()
      if (n <= cur) return
      const has = this.db.get("SELECT next FROM sector_counter WHERE name = 'sectors'")
      if (has) this.db.run("UPDATE sector_counter SET next = ? WHERE name = 'sectors'", [n])
      else this.db.run("INSERT INTO sector_counter (name, next) VALUES ('sectors', ?)", [n])
    })
  }

  find(n: number): SectorRecord | undefined {
    const r = this.db.get<Row>('SELECT * FROM sectors WHERE number = ?', [n])
    return r ? toRecord(r) : undefined
  }

  get(n: number): SectorRecord {
    const s = this.find(n)
    if (!s) throw new NotFoundError(`sector ${n} not found`)
    return s
  }

  list(): SectorRecord[] {
    return this.db.all<Row>('SELECT * FROM sectors ORDER BY number').map(toRecord)
  }

  /**
   * Applies `change` if the row is still at `version`; the updated row. SectorConflictError when it moved.
   */
  update(n: number, version: number, change: SectorChange): SectorRecord {
    return this.db.transaction(() => {
      const sets = ['version = version + 1', 'updated_at = ?']
      const at = this.now()
      const params: SqlValue[] = [at]
      if (change.state !== undefined) {
        sets.push('state = ?')
        params.push(change.state)
      }
      if (change.retries !== undefined) {
        sets.push('retries = ?')
        params.push(change.retries)
      }
      if (change.lastErr !== undefined) {
        sets.push('last_err = ?')
        params.push(change.lastErr)
      }
      for (const [k, v] of Object.entries(change.data ?? {}) as [keyof SectorData, string | number | null][]) {
        sets.push(`${COLUMNS[k]} = ?`)
        params.push(v)
      }
      const changed = this.db.run(`UPDATE sectors SET ${sets.join(', ')} WHERE number = ? AND version = ?`, [
        ...params,
        n,
        version,
      ])
      if (changed === 0) {
        if (!this.find(n)) throw new NotFoundError(`sector ${n} not found`)
        throw new SectorConflictError(n)
      }
      this.appendLog(n, at, change.log)
      return this.get(n)
    })
  }

  log(n: number): SectorLogEntry[] {
    return this.db
      .all<{ at: bigint; kind: string; message: string; trace: string }>(
        'SELECT at, kind, message, trace FROM sector_log WHERE number = ? ORDER BY seq',
        [n],
      )
      .map((r) => ({ at: Number(r.at), kind: r.kind, message: r.message, trace: r.trace }))
  }

  private appendLog(n: number, at: number, log: SectorChange['log']): void {
    const seq = this.db.get<{ s: bigint | null }>('SELECT MAX(seq) AS s FROM sector_log WHERE number = ?', [n])
    this.db.run('INSERT INTO sector_log (number, seq, at, kind, message, trace) VALUES (?, ?, ?, ?, ?, ?)', [
      n,
      Number(seq?.s ?? -1n) + 1,
      at,
      log.kind,
      log.message,
      log.trace ?? '',
    ])
  }
}
