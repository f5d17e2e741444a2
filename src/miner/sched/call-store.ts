/**
 * The scheduler's calls in the SQL store (Lotus keeps them in /stmgr/calls and /stmgr/work). A call is
 * keyed by its work id — task, sector and arguments — so the pipeline asking again for the same work after
 * a miner restart finds the call: its stored result when done, the worker still running it, or a retry.
 */
import { createHash, randomUUID } from 'node:crypto'
import { type Migration, migrate } from '../../db/migrate.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import { stringifyJson } from '../../util/json.ts'
import type { TaskType } from '../../worker/task-types.ts'
import type { SectorRef } from '../../worker/worker.ts'

/** queued: waiting for a worker; running: started on `workerId`; done/failed: finished; aborted by the user. */
export type CallState = 'queued' | 'running' | 'done' | 'failed' | 'aborted'

export interface CallRow {
  readonly callId: string
  readonly workId: string
  readonly task: TaskType
  readonly sector: SectorRef
  readonly priority: number
  readonly argsJson: string
  readonly state: CallState
  readonly workerId: string | null
  readonly resultJson: string | null
  readonly error: string | null
  readonly attempts: number
  readonly createdAt: number
  readonly updatedAt: number
}

const MIGRATIONS: readonly Migration[] = [
  [
    `CREATE TABLE sched_calls (
      call_id TEXT PRIMARY KEY,
      work_id TEXT NOT NULL UNIQUE,
      task TEXT NOT NULL,
      sector_miner BIGINT NOT NULL,
      sector_number BIGINT NOT NULL,
      proof INTEGER NOT NULL,
      priority INTEGER NOT NULL,
      args TEXT NOT NULL,
      state TEXT NOT NULL,
      worker_id TEXT,
      result TEXT,
      error TEXT,
      attempts INTEGER NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`,
    'CREATE INDEX sched_calls_state ON sched_calls (state)',
  ],
]

interface Raw {
  call_id: string
  work_id: string
  task: string
  sector_miner: bigint
  sector_number: bigint
  proof: bigint
  priority: bigint
  args: string
  state: string
  worker_id: string | null
  result: string | null
  error: string | null
  attempts: bigint
  created_at: bigint
  updated_at: bigint
}

const toRow = (r: Raw): CallRow => ({
  callId: r.call_id,
  workId: r.work_id,
  task: r.task as TaskType,
  sector: { miner: Number(r.sector_miner), number: Number(r.sector_number), proof: Number(r.proof) },
  priority: Number(r.priority),
  argsJson: r.args,
  state: r.state as CallState,
  workerId: r.worker_id,
  resultJson: r.result,
  error: r.error,
  attempts: Number(r.attempts),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
})

/** The work id of a task on a sector with these arguments (Lotus WorkID: method + params hash). */
export function workIdOf(task: TaskType, sector: SectorRef, args: unknown): string {
  const h = createHash('sha256')
    .update(stringifyJson(args ?? null))
    .digest('hex')
    .slice(0, 32)
  return `${task}(${sector.miner},${sector.number},${sector.proof}):${h}`
}

export class CallStore {
  constructor(
    private readonly db: SqlStore,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, 'sched', MIGRATIONS)
  }

  byWork(workId: string): CallRow | undefined {
    const r = this.db.get<Raw>('SELECT * FROM sched_calls WHERE work_id = ?', [workId])
    return r && toRow(r)
  }

  byId(callId: string): CallRow | undefined {
    const r = this.db.get<Raw>('SELECT * FROM sched_calls WHERE call_id = ?', [callId])
    return r && toRow(r)
  }

  /** Calls not finished (queued or running), oldest first. */
  unfinished(): CallRow[] {
    return this.db
      .all<Raw>("SELECT * FROM sched_calls WHERE state IN ('queued', 'running') ORDER BY created_at, call_id")
      .map(toRow)
  }

  /** Records a new queued call; returns it. */
  create(workId: string, task: TaskType, sector: SectorRef, priority: number, argsJson: string): CallRow {
    const callId = randomUUID()
    const t = this.now()
    this.db.run(
      `INSERT INTO sched_calls (call_id, work_id, task, sector_miner, sector_number, proof, priority, args, state,
        worker_id, result, error, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', NULL, NULL, NULL, 0, ?, ?)`,
      [callId, workId, task, sector.miner, sector.number, sector.proof, priority, argsJson, t, t],
    )
    return this.byId(callId)!
  }

  /** Marks a call started on a worker (one more attempt). */
  running(callId: string, workerId: string): void {
    this.db.run(
      "UPDATE sched_calls SET state = 'running', worker_id = ?, attempts = attempts + 1, updated_at = ? WHERE call_id = ?",
      [workerId, this.now(), callId],
    )
  }

  /** Puts a call back in the queue (its worker was lost, or it is retried). */
  requeue(callId: string): void {
    this.db.run("UPDATE sched_calls SET state = 'queued', worker_id = NULL, updated_at = ? WHERE call_id = ?", [
      this.now(),
      callId,
    ])
  }

  done(callId: string, resultJson: string): void {
    this.db.run("UPDATE sched_calls SET state = 'done', result = ?, error = NULL, updated_at = ? WHERE call_id = ?", [
      resultJson,
      this.now(),
      callId,
    ])
  }

  failed(callId: string, error: string, state: 'failed' | 'aborted' = 'failed'): void {
    this.db.run('UPDATE sched_calls SET state = ?, error = ?, updated_at = ? WHERE call_id = ?', [
      state,
      error,
      this.now(),
      callId,
    ])
  }

  /** Drops a finished call so the same work can run again (the pipeline retrying a failed step). */
  remove(callId: string): void {
    this.db.run('DELETE FROM sched_calls WHERE call_id = ?', [callId])
  }
}
