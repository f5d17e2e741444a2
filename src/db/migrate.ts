/**
 * Versioned schema migrations. Each component (e.g. `sched`, `sectors`) owns a list of steps; step i
 * (0-based) brings the component to version i+1. Applied steps are recorded in `schema_migrations`, each
 * step runs in its own transaction, so a crash mid-migration leaves the previous version intact.
 */
import { InvalidError } from '../util/errors.ts'
import type { SqlStore } from './sql-store.ts'

/** One migration step: statements run in order inside one transaction. */
export type Migration = readonly string[]

/** Applies the steps of `component` not applied yet; returns the version now in place. */
export function migrate(db: SqlStore, component: string, steps: readonly Migration[]): number {
  db.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (component, version))',
  )
  const row = db.get<{ v: bigint | null }>('SELECT MAX(version) AS v FROM schema_migrations WHERE component = ?', [
    component,
  ])
  const current = Number(row?.v ?? 0)
  if (current > steps.length) {
    throw new InvalidError(
      `database schema of ${component} is at version ${current}, newer than this program knows (${steps.length})`,
    )
  }
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      for (const sql of steps[v]!) db.run(sql)
      db.run('INSERT INTO schema_migrations (component, version) VALUES (?, ?)', [component, v + 1])
    })
  }
  return steps.length
}
