/**
 * The proving steps done, per deadline occurrence, in the miner's SQL metadata (table `proving_steps`):
 * which deadlines were proven, submitted (with the message CID, so a restart waits for that message
 * instead of sending another) and checked for faults and recoveries. Rows are keyed by step, deadline
 * index and open epoch; recording a step twice keeps the first row.
 */
import { type Migration, migrate } from '../../db/migrate.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import type { DeadlineKey, Step } from './timing.ts'

const MIGRATIONS: readonly Migration[] = [
  [
    `CREATE TABLE proving_steps (
      step TEXT NOT NULL,
      deadline INTEGER NOT NULL,
      open_epoch BIGINT NOT NULL,
      period_start BIGINT NOT NULL,
      msg_cid TEXT,
      state TEXT NOT NULL,
      detail TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      PRIMARY KEY (step, deadline, open_epoch)
    )`,
    'CREATE INDEX proving_steps_open ON proving_steps (open_epoch)',
  ],
]

/** pending: message sent, not yet on chain; done: finished (landed, or nothing to send); failed: the message failed. */
export type StepState = 'pending' | 'done' | 'failed'

export interface StepRow {
  readonly step: Step
  readonly deadline: number
  readonly open: number
  readonly periodStart: number
  readonly msgCid: string | null
  readonly state: StepState
  /** What the step found: counts of partitions, sectors proven, skipped, declared... */
  readonly detail: Record<string, unknown>
  readonly createdAt: number
  readonly updatedAt: number
}

interface Raw {
  step: string
  deadline: bigint | number
  open_epoch: bigint | number
  period_start: bigint | number
  msg_cid: string | null
  state: string
  detail: string
  created_at: bigint | number
  updated_at: bigint | number
}

const fromRaw = (r: Raw): StepRow => ({
  step: r.step as Step,
  deadline: Number(r.deadline),
  open: Number(r.open_epoch),
  periodStart: Number(r.period_start),
  msgCid: r.msg_cid,
  state: r.state as StepState,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
})

export class ProvingStore {
  constructor(
    private readonly db: SqlStore,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, 'proving', MIGRATIONS)
  }

  get(step: Step, k: DeadlineKey): StepRow | undefined {
    const r = this.db.get<Raw>('SELECT * FROM proving_steps WHERE step = ? AND deadline = ? AND open_epoch = ?', [
      step,
      k.index,
      k.open,
    ])
    return r && fromRaw(r)
  }

  /** Whether the step is recorded and not failed (a failed step may be tried again while its window lasts). */
  done(step: Step, k: DeadlineKey): boolean {
    const r = this.get(step, k)
    return r !== undefined && r.state !== 'failed'
  }

  /** Records a step (replacing a failed attempt; a pending or done row is kept). */
  record(
    step: Step,
    k: DeadlineKey & { periodStart: number },
    state: StepState,
    detail: Record<string, unknown>,
    msgCid: string | null = null,
  ): void {
    const t = this.now()
    this.db.transaction(() => {
      this.db.run(`DELETE FROM proving_steps WHERE step = ? AND deadline = ? AND open_epoch = ? AND state = 'failed'`, [
        step,
        k.index,
        k.open,
      ])
      this.db.run(
        `INSERT INTO proving_steps (step, deadline, open_epoch, period_start, msg_cid, state, detail, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (step, deadline, open_epoch) DO NOTHING`,
        [step, k.index, k.open, k.periodStart, msgCid, state, JSON.stringify(detail), t, t],
      )
    })
  }

  /** Moves a recorded step to `state`, merging `detail` into what it holds. */
  update(step: Step, k: DeadlineKey, state: StepState, detail: Record<string, unknown> = {}): void {
    const r = this.get(step, k)
    if (!r) return
    this.db.run(
      'UPDATE proving_steps SET state = ?, detail = ?, updated_at = ? WHERE step = ? AND deadline = ? AND open_epoch = ?',
      [state, JSON.stringify({ ...r.detail, ...detail }), this.now(), step, k.index, k.open],
    )
  }

  /** Messages sent and not yet seen on chain (to wait for after a restart). */
  pending(): StepRow[] {
    return this.db.all<Raw>(`SELECT * FROM proving_steps WHERE state = 'pending' ORDER BY open_epoch`).map(fromRaw)
  }

  /** The most recent rows, newest deadline first. */
  recent(limit = 100): StepRow[] {
    return this.db.all<Raw>('SELECT * FROM proving_steps ORDER BY open_epoch DESC, step LIMIT ?', [limit]).map(fromRaw)
  }

  /** Drops rows of deadlines that opened before `epoch` (they can no longer matter). */
  prune(epoch: number): number {
    return this.db.run('DELETE FROM proving_steps WHERE open_epoch < ?', [epoch])
  }
}
