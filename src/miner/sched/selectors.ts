/**
 * Selectors (Lotus storage/sealer/selector_*.go): whether a worker may take a task, and whether it is
 * preferred. AP and other tasks that create a sector's files need a worker that can allocate them; the
 * steps after need the sector's files and prefer a worker that holds them locally (no fetch). FIN ends with
 * the sector in a store path, so it goes to a worker that has one (Lotus runs its MoveStorage there).
 */
import type { TaskType } from '../../worker/task-types.ts'
import type { SectorRef } from '../../worker/worker.ts'

/**
 * Where sector files are. The storage-paths code implements it from its index; a worker id is the
 * worker's session id as the scheduler knows it.
 */
export interface SectorLocator {
  /** Whether the worker holds the sector's files in one of its local paths. */
  hasSector(workerId: string, sector: SectorRef): Promise<boolean>
  /** Whether the worker has a seal path where new files of the sector fit. */
  canAllocate(workerId: string, sector: SectorRef): Promise<boolean>
  /** Whether the worker has a store path for the sector's finalized files (absent: every worker may). */
  canStore?(workerId: string, sector: SectorRef): Promise<boolean>
}

/** A locator for workers that share one store (every worker may allocate, none holds anything). */
export const NO_LOCATOR: SectorLocator = {
  hasSector: async () => false,
  canAllocate: async () => true,
}

export interface Selection {
  readonly ok: boolean
  /** Prefer this worker (it already holds the sector's files). */
  readonly preferred: boolean
}

export type SelectorKind = 'alloc' | 'existing' | 'store' | 'task'

/** Which selector each task type uses (as Lotus's manager chooses them). */
export const SELECTOR_FOR_TASK: Readonly<Record<TaskType, SelectorKind>> = {
  AP: 'alloc',
  DC: 'task',
  PC1: 'existing',
  PC2: 'existing',
  C1: 'existing',
  C2: 'task',
  FIN: 'store',
  FUS: 'existing',
  GET: 'alloc',
  UNS: 'alloc',
  RU: 'existing',
  PR1: 'existing',
  PR2: 'task',
  GSK: 'existing',
  FRU: 'existing',
  DL: 'alloc',
  WDP: 'task',
  WNP: 'task',
}

/** Runs the task's selector for a worker that supports the task. */
export async function select(
  locator: SectorLocator,
  task: TaskType,
  workerId: string,
  sector: SectorRef,
): Promise<Selection> {
  const kind = SELECTOR_FOR_TASK[task]
  if (kind === 'task') return { ok: true, preferred: false }
  if (kind === 'alloc') return { ok: await locator.canAllocate(workerId, sector), preferred: false }
  if (kind === 'store' && locator.canStore && !(await locator.canStore(workerId, sector)))
    return { ok: false, preferred: false }
  const has = await locator.hasSector(workerId, sector)
  // Files are fetched when the worker lacks them (allowFetch), so any worker may run it; holders first.
  return { ok: true, preferred: has }
}
