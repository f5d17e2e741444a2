/** A Worker for scheduler tests: calls finish when the test says so; can be killed and restarted. */
import { randomUUID } from 'node:crypto'
import { RESOURCE_TABLE } from '../../../src/worker/resources.ts'
import type { TaskType } from '../../../src/worker/task-types.ts'
import type { CallSpec, Worker, WorkerCall, WorkerInfo, WorkerResources } from '../../../src/worker/worker.ts'

interface Entry {
  spec: CallSpec
  state: WorkerCall['state']
  result?: unknown
  error?: unknown
  done: Promise<void>
  finish: (result: unknown, error?: unknown) => void
}

export class FakeWorker implements Worker {
  sessionId = randomUUID()
  dead = false
  /** Calls started, in order (every start, including repeats of the same id). */
  readonly started: CallSpec[] = []
  readonly entries = new Map<string, Entry>()
  /** When set, calls finish at once with this function's result. */
  auto?: (spec: CallSpec) => unknown
  private readonly waiting: (() => void)[] = []

  constructor(
    readonly name: string,
    public tasks: TaskType[],
    readonly res: Partial<WorkerResources> = {},
  ) {}

  private check(): void {
    if (this.dead) throw new Error(`worker ${this.name} is dead`)
  }

  async session(): Promise<string> {
    this.check()
    return this.sessionId
  }

  async info(): Promise<WorkerInfo> {
    this.check()
    return {
      hostname: this.name,
      ignoreResources: false,
      resources: {
        memPhysical: 64 << 20,
        memUsed: 0,
        memSwap: 0,
        memSwapUsed: 0,
        cpus: 4,
        gpus: [],
        table: RESOURCE_TABLE,
        ...this.res,
      },
    }
  }

  async taskTypes(): Promise<TaskType[]> {
    this.check()
    return this.tasks
  }

  async start(spec: CallSpec): Promise<void> {
    this.check()
    if (this.entries.has(spec.callId)) return
    let finish!: Entry['finish']
    const e = { spec, state: 'running' } as Entry
    e.done = new Promise<void>((resolve) => {
      finish = (result, error) => {
        if (e.state !== 'running') return
        e.state = error === undefined ? 'done' : 'failed'
        e.result = result
        e.error = error
        resolve()
      }
    })
    e.finish = finish
    this.entries.set(spec.callId, e)
    this.started.push(spec)
    for (const w of this.waiting.splice(0)) w()
    if (this.auto) queueMicrotask(() => e.finish(this.auto!(spec)))
  }

  async wait(callId: string): Promise<unknown> {
    this.check()
    const e = this.entries.get(callId)
    if (!e) throw new Error(`unknown call ${callId}`)
    await e.done
    if (this.dead) throw new Error(`worker ${this.name} is dead`)
    if (e.error !== undefined) throw e.error
    return e.result
  }

  async calls(): Promise<WorkerCall[]> {
    this.check()
    return [...this.entries.values()].map((e) => ({
      callId: e.spec.callId,
      task: e.spec.task,
      sector: e.spec.sector,
      state: e.state,
      started: 0,
      progress: e.state === 'running' ? 0 : 1,
    }))
  }

  async forget(callId: string): Promise<void> {
    this.entries.delete(callId)
  }

  async abort(callId: string): Promise<void> {
    this.entries.get(callId)?.finish(undefined, new Error('aborted'))
  }

  /** Running calls now. */
  running(): CallSpec[] {
    return [...this.entries.values()].filter((e) => e.state === 'running').map((e) => e.spec)
  }

  /** Resolves once `n` calls have been started in total. */
  async startedCount(n: number): Promise<void> {
    while (this.started.length < n) await new Promise<void>((r) => this.waiting.push(r))
  }

  /** Finishes a running call of this task/sector with a result. */
  finish(task: TaskType, sector: number, result: unknown): void {
    const e = [...this.entries.values()].find(
      (x) => x.state === 'running' && x.spec.task === task && x.spec.sector.number === sector,
    )
    if (!e) throw new Error(`${this.name}: no running ${task} for sector ${sector}`)
    e.finish(result)
  }

  /** Simulates SIGKILL: every call in flight fails, nothing answers any more. */
  kill(): void {
    this.dead = true
    for (const e of this.entries.values()) e.finish(undefined, new Error('connection reset'))
  }
}

/** Lets pending promise callbacks run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r))
}
