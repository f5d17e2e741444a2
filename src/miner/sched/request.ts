/** A scheduled call in memory, and the queue order (Lotus sched.go requestQueue Less). */
import { TASK_TYPES } from '../../worker/task-types.ts'
import type { CallSpec } from '../../worker/worker.ts'
import type { Need } from './active-resources.ts'

export interface Waiter {
  readonly resolve: (v: unknown) => void
  readonly reject: (e: unknown) => void
}

export interface Request {
  readonly spec: CallSpec
  readonly priority: number
  readonly sectorSize: number
  readonly created: number
  readonly waiters: Waiter[]
  /** Set when the user aborts it. */
  aborted?: boolean
}

/** A request on a worker: assigned (waiting for resources) or running. */
export interface Assigned {
  readonly req: Request
  readonly need: Need
  /** The window it came in (Lotus RunWait ≥ 2 shows the window index). */
  readonly window: number
  started?: number
}

/** Queue order: higher priority first, then task order (WNP … AP), then sector number, then age. */
export function requestLess(a: Request, b: Request): number {
  if (a.priority !== b.priority) return b.priority - a.priority
  const ta = TASK_TYPES[a.spec.task].order
  const tb = TASK_TYPES[b.spec.task].order
  if (ta !== tb) return ta - tb
  if (a.spec.sector.number !== b.spec.sector.number) return a.spec.sector.number - b.spec.sector.number
  return a.created - b.created
}

/** Settles every waiter of a request. */
export function settle(req: Request, err: unknown, value?: unknown): void {
  for (const w of req.waiters.splice(0)) {
    if (err !== undefined) w.reject(err)
    else w.resolve(value)
  }
}
