/** The scheduler's view of one connected worker (Lotus WorkerHandle): what it has, runs and waits for. */
import type { TaskType } from '../../worker/task-types.ts'
import type { Worker, WorkerInfo } from '../../worker/worker.ts'
import { ActiveResources } from './active-resources.ts'
import type { Assigned } from './request.ts'

/** A scheduling window: tasks assigned together, within the worker's resources (Lotus SchedWindow). */
export interface Window {
  readonly index: number
  readonly allocated: ActiveResources
  /** Tasks of the window not started yet. */
  remaining: number
}

export class WorkerHandle {
  /** Running tasks' resources (Lotus active). */
  readonly active = new ActiveResources()
  /** Assigned, waiting for resources, in order. */
  readonly pending: Assigned[] = []
  /** Started, by call id. */
  readonly running = new Map<string, Assigned>()
  /** Windows open for assignment. */
  open: Window[] = []
  /** Windows assigned and not fully started. */
  readonly closed = new Set<Window>()
  enabled = true
  private windowSeq = 0

  constructor(
    readonly id: string,
    readonly worker: Worker,
    readonly info: WorkerInfo,
    public tasks: ReadonlySet<TaskType>,
  ) {}

  /** Opens windows until `n` are open and not yet assigned plus assigned ones reach `n`. */
  fillWindows(n: number): void {
    while (this.open.length + this.closed.size < n) {
      this.open.push({ index: this.windowSeq++, allocated: new ActiveResources(), remaining: 0 })
    }
  }

  /** Tasks running, waiting or assigned. */
  get taskCount(): number {
    return this.running.size + this.pending.length
  }
}
