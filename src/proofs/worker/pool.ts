/**
 * A pool of proofs worker threads, started once and reused (thread start-up costs far more than a small
 * job). Jobs queue until a thread is free. Aborting a running job terminates its thread and starts a fresh
 * one, since CPU-bound jobs cannot be interrupted from inside.
 */
import type { Worker } from 'node:worker_threads'
import { ErrorCode, InvalidError, LotusError } from '../../util/errors.ts'
import type { JobArgs, JobName, JobResult } from './jobs.ts'
import { type JobOptions, startWorker } from './start.ts'

interface Task {
  readonly id: number
  readonly job: JobName
  readonly args: unknown
  readonly opts: JobOptions
  resolve(v: unknown): void
  reject(e: unknown): void
}

interface Slot {
  worker: Worker
  task: Task | null
}

export interface PoolOptions {
  /** Threads (default 2). */
  readonly size?: number
}

export class ProofsWorkerPool {
  private readonly slots: Slot[] = []
  private readonly queue: Task[] = []
  private nextId = 1
  private closed = false

  constructor(opts: PoolOptions = {}) {
    const size = opts.size ?? 2
    if (!Number.isInteger(size) || size < 1 || size > 256)
      throw new InvalidError(`worker pool size ${size} is outside [1, 256]`)
    for (let i = 0; i < size; i++) this.slots.push(this.spawn())
  }

  /** Runs `job` on the next free thread. */
  run<N extends JobName>(job: N, args: JobArgs<N>, opts: JobOptions = {}): Promise<JobResult<N>> {
    if (this.closed) return Promise.reject(new LotusError(ErrorCode.Conflict, 'proofs worker pool is closed'))
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason)
    return new Promise((resolve, reject) => {
      const onAbort = () => this.abort(task)
      const settle = () => opts.signal?.removeEventListener('abort', onAbort)
      const task: Task = {
        id: this.nextId++,
        job,
        args,
        opts,
        resolve: (v) => {
          settle()
          resolve(v as JobResult<N>)
        },
        reject: (e) => {
          settle()
          reject(e)
        },
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      this.queue.push(task)
      this.pump()
    })
  }

  /** Stops every thread; queued and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true
    const err = new LotusError(ErrorCode.Conflict, 'proofs worker pool closed')
    for (const t of this.queue.splice(0)) t.reject(err)
    await Promise.all(
      this.slots.map((s) => {
        s.task?.reject(err)
        s.task = null
        return s.worker.terminate()
      }),
    )
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(null), task: null }
    slot.worker.unref()
    slot.worker.on(
      'message',
      (m: { id: number; type: string; fraction?: number; result?: unknown; code?: string; message?: string }) => {
        const t = slot.task
        if (!t || t.id !== m.id) return
        if (m.type === 'progress') t.opts.onProgress?.(m.fraction ?? 0)
        else {
          slot.task = null
          if (m.type === 'done') t.resolve(m.result)
          else {
            const code = Object.values(ErrorCode).includes(m.code as ErrorCode)
              ? (m.code as ErrorCode)
              : ErrorCode.Internal
            t.reject(new LotusError(code, m.message ?? `${t.job} failed`))
          }
          this.pump()
        }
      },
    )
    slot.worker.on('error', (err) => {
      slot.task?.reject(new LotusError(ErrorCode.Internal, `proofs worker failed: ${err.message}`, { cause: err }))
      slot.task = null
      this.replace(slot)
    })
    slot.worker.on('exit', (code) => {
      if (!slot.task || !this.slots.includes(slot)) return
      slot.task.reject(new LotusError(ErrorCode.Internal, `proofs worker exited with code ${code} mid-job`))
      slot.task = null
      this.replace(slot)
    })
    return slot
  }

  private replace(slot: Slot): void {
    void slot.worker.terminate()
    if (this.closed) return
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots[i] = this.spawn()
    this.pump()
  }

  private abort(task: Task): void {
    const queued = this.queue.indexOf(task)
    if (queued >= 0) this.queue.splice(queued, 1)
    const slot = this.slots.find((s) => s.task === task)
    if (slot) {
      slot.task = null
      this.replace(slot)
    }
    task.reject(task.opts.signal?.reason)
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task || this.queue.length === 0) continue
      const task = this.queue.shift()!
      slot.task = task
      slot.worker.ref()
      slot.worker.postMessage({ type: 'run', id: task.id, job: task.job, args: task.args })
    }
    for (const slot of this.slots) if (!slot.task) slot.worker.unref()
  }
}
