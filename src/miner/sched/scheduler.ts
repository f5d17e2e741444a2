/**
 * The sealing scheduler (Lotus storage/sealer/sched.go and manager.go): a queue of calls ordered by
 * priority and task type, connected workers each with scheduling windows, selectors and an assigner that
 * place queued calls in windows, and per-worker execution that starts a call only when the worker's
 * resources allow it. Every call is persisted (./call-store.ts): after a miner restart a call running on a
 * worker that reconnects is re-attached, one whose worker is gone is run again. A worker that stops
 * answering its heartbeat is dropped: its waiting calls go back to the queue, its running ones are retried.
 */
import { sealProof } from '../../proofs/registered-proof.ts'
import { errorMessage, NotFoundError } from '../../util/errors.ts'
import { parseJson, stringifyJson } from '../../util/json.ts'
import type { TaskType } from '../../worker/task-types.ts'
import type { SectorRef, Worker } from '../../worker/worker.ts'
import { needOf } from './active-resources.ts'
import { type CallRow, workIdOf } from './call-store.ts'
import { CallAbortedError } from './errors.ts'
import type { Assigned, Request } from './request.ts'
import { requestLess, settle } from './request.ts'
import { type SchedulerDeps, SchedulerCore, type SchedulerOptions, withTimeout } from './scheduler-core.ts'
import { WorkerHandle } from './worker-handle.ts'

export type { SchedulerDeps, SchedulerOptions } from './scheduler-core.ts'

export interface ScheduleOptions {
  /** Higher runs first (Lotus request priority, from the sector's deals). */
  readonly priority?: number
}

export class Scheduler extends SchedulerCore {
  private readonly heartbeat: NodeJS.Timeout

  constructor(deps: SchedulerDeps, opts: SchedulerOptions = {}) {
    super(deps, opts)
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

  /** Stops scheduling and heartbeats (calls stay recorded for the next run). */
  close(): void {
    this.closed = true
    clearInterval(this.heartbeat)
    for (const o of this.orphans.values()) clearTimeout(o.timer)
  }
}
