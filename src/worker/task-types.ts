/**
 * Sealing and proving task types (Lotus storage/sealer/sealtasks/task.go): the wire name, the short name the
 * CLI prints, and the order the scheduler serves them in (lower first: WinningPoSt is the most urgent,
 * RegenSectorKey the least; among sealing tasks the ones closer to a finished sector go first).
 */
import { InvalidError } from '../util/errors.ts'

export interface TaskTypeInfo {
  /** Lotus's TaskType string, e.g. `seal/v0/precommit/1`. */
  readonly name: string
  /** Lotus's order value: lower runs first. */
  readonly order: number
  /** Whether the resource table has per-sector-size rows for it. */
  readonly sectorSized: boolean
}

/** Every task type, keyed by its short name, in Lotus's priority order (most urgent first). */
export const TASK_TYPES = {
  WNP: { name: 'post/v0/winningproof', order: -6, sectorSized: true },
  WDP: { name: 'post/v0/windowproof', order: -5, sectorSized: true },
  FUS: { name: 'seal/v0/finalizeunsealed', order: -4, sectorSized: true },
  FIN: { name: 'seal/v0/finalize', order: -3, sectorSized: true },
  DL: { name: 'seal/v0/download/sector', order: -2, sectorSized: true },
  GET: { name: 'seal/v0/fetch', order: -1, sectorSized: true },
  FRU: { name: 'seal/v0/finalize/replicaupdate', order: 0, sectorSized: true },
  UNS: { name: 'seal/v0/unseal', order: 1, sectorSized: true },
  C1: { name: 'seal/v0/commit/1', order: 2, sectorSized: true },
  C2: { name: 'seal/v0/commit/2', order: 3, sectorSized: true },
  PC2: { name: 'seal/v0/precommit/2', order: 4, sectorSized: true },
  PC1: { name: 'seal/v0/precommit/1', order: 5, sectorSized: true },
  PR1: { name: 'seal/v0/provereplicaupdate/1', order: 6, sectorSized: true },
  PR2: { name: 'seal/v0/provereplicaupdate/2', order: 7, sectorSized: true },
  RU: { name: 'seal/v0/replicaupdate', order: 8, sectorSized: true },
  AP: { name: 'seal/v0/addpiece', order: 9, sectorSized: true },
  DC: { name: 'seal/v0/datacid', order: 10, sectorSized: false },
  GSK: { name: 'seal/v0/regensectorkey', order: 11, sectorSized: true },
} as const satisfies Record<string, TaskTypeInfo>

/** A task type by its short name (`PC1`). */
export type TaskType = keyof typeof TASK_TYPES

export const ALL_TASK_TYPES = Object.keys(TASK_TYPES) as TaskType[]

const byName = new Map<string, TaskType>(ALL_TASK_TYPES.map((t) => [TASK_TYPES[t].name, t]))

/** Lotus's TaskType.Less: true when `a` is served before `b`. */
export function taskLess(a: TaskType, b: TaskType): boolean {
  return TASK_TYPES[a].order < TASK_TYPES[b].order
}

/** Accepts a short name (`PC1`, any case) or a Lotus task name (`seal/v0/precommit/1`). */
export function parseTaskType(text: string): TaskType {
  const short = text.toUpperCase()
  if (short in TASK_TYPES) return short as TaskType
  const t = byName.get(text)
  if (t) return t
  throw new InvalidError(`unknown task type '${text}' (expected one of ${ALL_TASK_TYPES.join(', ')})`)
}

/** Lotus's worker kinds: a worker does only sealing, only WindowPoSt or only WinningPoSt. */
export function workerKind(t: TaskType): 'Sealing' | 'WdPoSt' | 'WinPost' {
  return t === 'WNP' ? 'WinPost' : t === 'WDP' ? 'WdPoSt' : 'Sealing'
}
