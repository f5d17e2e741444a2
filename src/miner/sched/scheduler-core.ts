/**
 * The scheduler's state and its engine (Lotus sched.go trySched and the worker handler): scheduling
 * passes, starting calls within a worker's resources, and collecting their results into the call store.
 * The public API (queueing work, workers joining and leaving, abort, recovery) is in ./scheduler.ts.
 */
import type { SqlStore } from '../../db/sql-store.ts'
import { errorMessage } from '../../util/errors.ts'
import { stringifyJson } from '../../util/json.ts'
import { type Logger, logger } from '../../util/log.ts'
import { assignQueue } from './assign.ts'
import { ASSIGNERS, type AssignerName } from './assigners.ts'
import { type CallRow, CallStore } from './call-store.ts'
import { TaskFailedError } from './errors.ts'
import { type Assigned, type Request, requestLess, settle } from './request.ts'
import { NO_LOCATOR, type SectorLocator } from './selectors.ts'
import type { WorkerHandle } from './worker-handle.ts'

export interface SchedulerDeps {
  readonly db: SqlStore
  readonly locator?: SectorLocator
  readonly log?: Logger
}

export interface SchedulerOptions {
  /** LOTUS_SCHED_ASSIGNER; default utilization. */
  readonly assigner?: AssignerName
  /** Windows each worker keeps open (Lotus SchedWindows = 2). */
  readonly windows?: number
  /** How often each worker's session is checked (Lotus 10 s). */
  readonly heartbeatMs?: number
  /** How long a session check may take before the worker counts as lost (Lotus 5 s). */
  readonly heartbeatTimeoutMs?: number
  /** After a restart, how long a call running on a worker not yet reconnected waits for it before a retry. */
  readonly reattachGraceMs?: number
}

/** Rejects when `p` does not settle within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)
    p.then(resolve, reject).finally(() => clearTimeout(t))
  })
}

export abstract class SchedulerCore {
  readonly calls: CallStore
  protected readonly queue: Request[] = []
  protected readonly handles = new Map<string, WorkerHandle>()
  /** Every request in memory by call id (queued, assigned or running). */
  protected readonly requests = new Map<string, Request>()
  /** Calls found running at startup whose worker has not reconnected yet, with their retry timers. */
  protected readonly orphans = new Map<string, { row: CallRow; req: Request; timer: NodeJS.Timeout }>()
  protected readonly log: Logger
  protected readonly locator: SectorLocator
  protected readonly opts: Required<SchedulerOptions>
  protected scheduling = false
  protected again = false
  protected closed = false

  constructor(deps: SchedulerDeps, opts: SchedulerOptions = {}) {
    this.calls = new CallStore(deps.db)
    this.log = deps.log ?? logger('sched')
    this.locator = deps.locator ?? NO_LOCATOR
    this.opts = {
      assigner: opts.assigner ?? 'utilization',
      windows: opts.windows ?? 2,
      heartbeatMs: opts.heartbeatMs ?? 10_000,
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs ?? 5_000,
      reattachGraceMs: opts.reattachGraceMs ?? 30_000,
    }
  }

  /** The connected worker with this id (its session), if any. */
  workerById(id: string): WorkerHandle['worker'] | undefined {
    return this.handles.get(id)?.worker
  }

  /** Drops a worker (the subclass requeues its calls). */
  abstract removeWorker(id: string, reason: string): void

  protected enqueue(req: Request): void {
    this.queue.push(req)
    this.queue.sort(requestLess)
    this.trigger()
  }

  protected trigger(): void {
    if (this.closed) return
    if (this.scheduling) {
      this.again = true
      return
    }
    this.scheduling = true
    void this.trySched()
      .catch((err) => this.log.error('scheduling failed', { err: errorMessage(err) }))
      .finally(() => {
        this.scheduling = false
        if (this.again) {
          this.again = false
          this.trigger()
        }
      })
  }

  /** One scheduling pass (Lotus trySched): assign queued calls to open windows, then start what fits. */
  protected async trySched(): Promise<void> {
    const assigned = await assignQueue(this.queue, () => [...this.handles.values()], {
      locator: this.locator,
      assigner: ASSIGNERS[this.opts.assigner],
      stillValid: (h) => !this.closed && this.handles.get(h.id) === h,
    })
    for (const [h, wins] of assigned) {
      for (const [w, list] of wins) {
        h.open = h.open.filter((x) => x !== w)
        h.closed.add(w)
        w.remaining = list.length
        h.pending.push(...list)
      }
      h.fillWindows(this.opts.windows)
    }
    for (const h of this.handles.values()) this.startFitting(h)
  }

  /** Starts each waiting call the worker's free resources allow, in order. */
  protected startFitting(h: WorkerHandle): void {
    for (const a of [...h.pending]) {
      if (!h.active.canHandle(a.need, h.info)) continue
      h.pending.splice(h.pending.indexOf(a), 1)
      this.finishWindowTask(h, a)
      h.active.add(h.info.resources, a.need)
      a.started = Date.now()
      h.running.set(a.req.spec.callId, a)
      this.calls.running(a.req.spec.callId, h.id)
      void h.worker.start(a.req.spec).then(
        () => this.await(h, a),
        (err) => this.failed(h, a, err),
      )
    }
  }

  protected finishWindowTask(h: WorkerHandle, a: Assigned): void {
    for (const w of h.closed) {
      if (w.index !== a.window) continue
      w.remaining--
      if (w.remaining <= 0) {
        h.closed.delete(w)
        h.fillWindows(this.opts.windows)
        this.trigger()
      }
    }
  }

  /** Waits for a started call's result on its worker. */
  protected async await(h: WorkerHandle, a: Assigned): Promise<void> {
    const callId = a.req.spec.callId
    let result: unknown
    try {
      result = await h.worker.wait(callId)
    } catch (err) {
      await this.failed(h, a, err)
      return
    }
    if (!this.release(h, a)) return
    this.calls.done(callId, stringifyJson(result ?? null))
    this.requests.delete(callId)
    settle(a.req, undefined, result)
    void h.worker.forget(callId).catch(() => undefined)
  }

  /** Frees a finished call's resources; false when the worker was dropped meanwhile (the call was requeued). */
  protected release(h: WorkerHandle, a: Assigned): boolean {
    if (this.closed || this.handles.get(h.id) !== h || h.running.get(a.req.spec.callId) !== a) return false
    h.running.delete(a.req.spec.callId)
    h.active.free(h.info.resources, a.need)
    this.trigger()
    return true
  }

  protected async failed(h: WorkerHandle, a: Assigned, err: unknown): Promise<void> {
    const callId = a.req.spec.callId
    if (this.closed) return
    if (a.req.aborted) {
      this.release(h, a)
      return
    }
    // A failed wait may mean the worker died: check before calling it the task's failure.
    const alive = await withTimeout(h.worker.session(), this.opts.heartbeatTimeoutMs, 'worker session').then(
      (s) => s === h.id,
      () => false,
    )
    if (!alive) {
      this.removeWorker(h.id, `lost during call ${callId}: ${errorMessage(err)}`)
      return
    }
    if (!this.release(h, a)) return
    const msg = errorMessage(err)
    this.calls.failed(callId, msg)
    this.requests.delete(callId)
    settle(a.req, new TaskFailedError(callId, a.req.spec.task, msg))
  }
}
