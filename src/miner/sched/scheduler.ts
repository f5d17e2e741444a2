/**
 * The sealing scheduler (Lotus storage/sealer/sched.go and manager.go): a queue of calls ordered by
 * priority and task type, connected workers each with scheduling windows, selectors and an assigner that
 * place queued calls in windows, and per-worker execution that starts a call only when the worker's
 * resources allow it. Every call is persisted (./call-store.ts): after a miner restart a call running on a
 * worker that reconnects is re-attached, one whose worker is gone is run again. A worker that stops
 * answering its heartbeat is dropped: its waiting calls go back to the queue, its running ones are retried.
 */
import { sealProof } from '../../proofs/registered-proof.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import { errorMessage, NotFoundError } from '../../util/errors.ts'
import { parseJson, stringifyJson } from '../../util/json.ts'
import { type Logger, logger } from '../../util/log.ts'
import type { TaskType } from '../../worker/task-types.ts'
import type { SectorRef, Worker } from '../../worker/worker.ts'
import { ActiveResources, needOf } from './active-resources.ts'
import { ASSIGNERS, type AssignerName, type Candidate } from './assigners.ts'
import { type CallRow, CallStore, workIdOf } from './call-store.ts'
import { CallAbortedError, TaskFailedError } from './errors.ts'
import { type Assigned, type Request, requestLess, settle } from './request.ts'
import { NO_LOCATOR, type SectorLocator, select } from './selectors.ts'
import { type Window, WorkerHandle } from './worker-handle.ts'

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

export interface ScheduleOptions {
  /** Higher runs first (Lotus request priority, from the sector's deals). */
  readonly priority?: number
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)
    p.then(resolve, reject).finally(() => clearTimeout(t))
  })
}

export class Scheduler {
  readonly calls: CallStore
  private readonly queue: Request[] = []
  private readonly handles = new Map<string, WorkerHandle>()
  /** Every request in memory by call id (queued, assigned or running). */
  private readonly requests = new Map<string, Request>()
  /** Calls found running at startup whose worker has not reconnected yet, with their retry timers. */
  private readonly orphans = new Map<string, { row: CallRow; req: Request; timer: NodeJS.Timeout }>()
  private readonly log: Logger
  private readonly locator: SectorLocator
  private readonly opts: Required<SchedulerOptions>
  private scheduling = false
  private again = false
  private closed = false
  private readonly heartbeat: NodeJS.Timeout

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
    this.heartbeat = setInterval(() => void this.checkWorkers(), this.opts.heartbeatMs)
    this.heartbeat.unref()
    this.recover()
  }

  /** Loads the calls a previous run left unfinished: queued ones are queued again, running ones wait for their worker. */
  private recover(): void {
    for (const row of this.calls.unfinished()) {
      const req = this.requestOf(row)
      if (row.state === 'queued' || row.workerId === null) this.enqueue(req)
      else this.orphan(row, req)
    }
  }

  private requestOf(row: CallRow): Request {
    const req: Request = {
      spec: { callId: row.callId, task: row.task, sector: row.sector, args: parseJson(row.argsJson) },
      priority: row.priority,
      sectorSize: sealProof(row.sector.proof).sectorSize,
      created: row.createdAt,
      waiters: [],
    }
    this.requests.set(row.callId, req)
    return req
  }

  private orphan(row: CallRow, req: Request): void {
    const timer = setTimeout(() => {
      this.orphans.delete(row.callId)
      this.log.warn('worker did not come back; retrying call', { call: row.callId, worker: row.workerId })
      this.calls.requeue(row.callId)
      this.enqueue(req)
    }, this.opts.reattachGraceMs)
    this.orphans.set(row.callId, { row, req, timer })
  }

  /**
   * Runs `task` on `sector` with `args` on some worker and resolves with its result. The same work asked
   * again (e.g. by the pipeline after a restart) joins the existing call or returns its stored result.
   */
  schedule(sector: SectorRef, task: TaskType, args: unknown, opts: ScheduleOptions = {}): Promise<unknown> {
    const sectorSize = sealProof(sector.proof).sectorSize // throws on an unknown proof
    const workId = workIdOf(task, sector, args)
    let row = this.calls.byWork(workId)
    if (row && (row.state === 'failed' || row.state === 'aborted')) {
      this.calls.remove(row.callId)
      row = undefined
    }
    if (row?.state === 'done') return Promise.resolve(parseJson(row.resultJson ?? 'null'))
    return new Promise((resolve, reject) => {
      const existing = row && this.requests.get(row.callId)
      if (existing) {
        existing.waiters.push({ resolve, reject })
        return
      }
      const created = this.calls.create(workId, task, sector, opts.priority ?? 0, stringifyJson(args ?? null))
      const req: Request = {
        spec: { callId: created.callId, task, sector, args },
        priority: opts.priority ?? 0,
        sectorSize,
        created: created.createdAt,
        waiters: [{ resolve, reject }],
      }
      this.requests.set(created.callId, req)
      this.enqueue(req)
    })
  }

  private enqueue(req: Request): void {
    this.queue.push(req)
    this.queue.sort(requestLess)
    this.trigger()
  }

  /**
   * Connects a worker; returns its id (its session). A worker already connected under that id (it
   * registered again, e.g. after a network blip) keeps its handle and its running calls; only its task
   * types are refreshed — check `handle(id).worker === worker` to know whether this one was taken.
   */
  async addWorker(worker: Worker): Promise<string> {
    const [id, info, tasks] = await Promise.all([worker.session(), worker.info(), worker.taskTypes()])
    const known = this.handles.get(id)
    if (known) {
      known.tasks = new Set(tasks)
      this.trigger()
      return id
    }
    const handle = new WorkerHandle(id, worker, info, new Set(tasks))
    this.handles.set(id, handle)
    this.log.info('worker connected', { worker: id, host: info.hostname })
    // Re-attach to calls this worker was running before a miner restart.
    const onWorker = new Set((await worker.calls()).map((c) => c.callId))
    for (const [callId, o] of [...this.orphans]) {
      if (o.row.workerId !== id) continue
      clearTimeout(o.timer)
      this.orphans.delete(callId)
      if (onWorker.has(callId)) {
        const a: Assigned = { req: o.req, need: needOf(info.resources, o.req.spec.task, o.req.sectorSize), window: -1 }
        a.started = o.row.updatedAt
        handle.active.add(info.resources, a.need)
        handle.running.set(callId, a)
        void this.await(handle, a)
      } else {
        this.calls.requeue(callId)
        this.enqueue(o.req)
      }
    }
    handle.fillWindows(this.opts.windows)
    this.trigger()
    return id
  }

  /** Drops a worker: its assigned calls go back to the queue, its running calls are retried elsewhere. */
  removeWorker(id: string, reason: string): void {
    const h = this.handles.get(id)
    if (!h || this.closed) return
    this.handles.delete(id)
    this.log.warn('worker dropped', { worker: id, reason })
    for (const a of h.pending.splice(0)) this.queue.push(a.req)
    for (const [callId, a] of h.running) {
      this.calls.requeue(callId)
      if (!a.req.aborted) this.queue.push(a.req)
    }
    h.running.clear()
    this.queue.sort(requestLess)
    this.trigger()
  }

  /** Enables or disables scheduling on a worker (its running calls continue). */
  setEnabled(id: string, enabled: boolean): void {
    const h = this.handle(id)
    h.enabled = enabled
    this.trigger()
  }

  /** Updates a worker's task types (after `lotus-worker tasks enable|disable`). */
  setTasks(id: string, tasks: readonly TaskType[]): void {
    this.handle(id).tasks = new Set(tasks)
    this.trigger()
  }

  handle(id: string): WorkerHandle {
    const h = this.handles.get(id)
    if (!h) throw new NotFoundError(`no worker ${id}`)
    return h
  }

  workers(): WorkerHandle[] {
    return [...this.handles.values()]
  }

  queued(): readonly Request[] {
    return this.queue
  }

  /** Calls found running at startup whose worker has not reconnected yet (Lotus ret-wait). */
  orphanCalls(): CallRow[] {
    return [...this.orphans.values()].map((o) => o.row)
  }

  /** Runs a scheduling pass now (SealingSchedDiag doSched). */
  kick(): void {
    this.trigger()
  }

  /** Aborts a call wherever it is (Lotus SealingAbort); its waiters get CallAbortedError. */
  async abort(callId: string): Promise<void> {
    const req = this.requests.get(callId)
    if (!req) throw new NotFoundError(`no active call ${callId}`)
    req.aborted = true
    const qi = this.queue.indexOf(req)
    if (qi >= 0) this.queue.splice(qi, 1)
    const o = this.orphans.get(callId)
    if (o) {
      clearTimeout(o.timer)
      this.orphans.delete(callId)
    }
    for (const h of this.handles.values()) {
      const pi = h.pending.findIndex((a) => a.req === req)
      if (pi >= 0) this.finishWindowTask(h, h.pending.splice(pi, 1)[0]!)
      if (h.running.has(callId)) await h.worker.abort(callId).catch(() => undefined)
    }
    this.calls.failed(callId, 'aborted', 'aborted')
    this.requests.delete(callId)
    settle(req, new CallAbortedError(callId))
    this.trigger()
  }

  /** Checks every worker's session; drops the ones that do not answer or restarted. */
  async checkWorkers(): Promise<void> {
    await Promise.all(
      [...this.handles.values()].map(async (h) => {
        try {
          const s = await withTimeout(h.worker.session(), this.opts.heartbeatTimeoutMs, 'worker session')
          if (s !== h.id) this.removeWorker(h.id, 'worker restarted (new session)')
          else h.tasks = new Set(await h.worker.taskTypes()) // follows `lotus-worker tasks enable|disable`
        } catch (err) {
          if (this.handles.get(h.id) === h) this.removeWorker(h.id, errorMessage(err))
        }
      }),
    )
  }

  private trigger(): void {
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
  private async trySched(): Promise<void> {
    const assignedNow = new Map<WorkerHandle, Map<Window, Assigned[]>>()
    for (const req of [...this.queue]) {
      const cands: (Candidate & { h: WorkerHandle; w: Window; need: Assigned['need'] })[] = []
      for (const h of this.handles.values()) {
        if (!h.enabled || !h.tasks.has(req.spec.task)) continue
        const need = needOf(h.info.resources, req.spec.task, req.sectorSize)
        const w = h.open.find((win) => win.allocated.canHandle(need, h.info))
        if (!w) continue
        const sel = await select(this.locator, req.spec.task, h.id, req.spec.sector)
        if (!sel.ok) continue
        let load = h.active
        for (const win of [...h.open, ...h.closed]) load = load.plus(win.allocated)
        const after = load.plus(new ActiveResources())
        after.add(h.info.resources, need)
        const extra = [...(assignedNow.get(h)?.values() ?? [])].reduce((n, l) => n + l.length, 0)
        cands.push({
          workerId: h.id,
          preferred: sel.preferred,
          utilization: after.utilization(h.info.resources),
          tasks: h.taskCount + extra,
          h,
          w,
          need,
        })
      }
      if (this.closed || !this.queue.includes(req)) continue
      const pick = cands[ASSIGNERS[this.opts.assigner](cands)]
      if (!pick || !this.handles.has(pick.h.id) || !pick.h.open.includes(pick.w)) continue
      pick.w.allocated.add(pick.h.info.resources, pick.need)
      this.queue.splice(this.queue.indexOf(req), 1)
      const perWorker = assignedNow.get(pick.h) ?? new Map<Window, Assigned[]>()
      assignedNow.set(pick.h, perWorker)
      const list = perWorker.get(pick.w) ?? []
      perWorker.set(pick.w, list)
      list.push({ req, need: pick.need, window: pick.w.index })
    }
    for (const [h, wins] of assignedNow) {
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
  private startFitting(h: WorkerHandle): void {
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

  private finishWindowTask(h: WorkerHandle, a: Assigned): void {
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
  private async await(h: WorkerHandle, a: Assigned): Promise<void> {
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
  private release(h: WorkerHandle, a: Assigned): boolean {
    if (this.closed || this.handles.get(h.id) !== h || h.running.get(a.req.spec.callId) !== a) return false
    h.running.delete(a.req.spec.callId)
    h.active.free(h.info.resources, a.need)
    this.trigger()
    return true
  }

  private async failed(h: WorkerHandle, a: Assigned, err: unknown): Promise<void> {
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

  /** Stops scheduling and heartbeats (calls stay recorded for the next run). */
  close(): void {
    this.closed = true
    clearInterval(this.heartbeat)
    for (const o of this.orphans.values()) clearTimeout(o.timer)
  }
}
