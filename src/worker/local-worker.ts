/**
 * A worker in this process: the miner's built-in worker and the engine of `lotus-worker run`. It runs
 * calls with the executors of ./executors.ts in its seal path, keeps each call's result until the
 * scheduler forgets it, and reports this machine's resources with the env overrides applied.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism, freemem, hostname, totalmem } from 'node:os'
import { ErrorCode, errorMessage, InvalidError, LotusError, NotFoundError } from '../util/errors.ts'
import { EXECUTORS, TASK_INPUTS } from './executors.ts'
import { parseResourceEnv, type ResourceTable } from './resources.ts'
import {
  KEEP_IN_PLACE,
  type SectorDeclarer,
  type SectorFetcher,
  type SectorMover,
  type SectorPaths,
  sectorPaths,
} from './sector-files.ts'
import type { TaskType } from './task-types.ts'
import type { CallSpec, Worker, WorkerCall, WorkerInfo } from './worker.ts'

export interface LocalWorkerOptions {
  /** Task types enabled at start. */
  readonly tasks: readonly TaskType[]
  /** Where sector files are created when `sealRoot` names no attached seal path (the worker's repo). */
  readonly sealDir: string
  readonly hostname?: string
  /** Environment for the resource overrides (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly parentsDir?: string
  readonly ignoreResources?: boolean
}

export interface LocalWorkerDeps {
  readonly mover?: SectorMover
  /** Fetches a task's missing input files; without one a missing file fails the task. */
  readonly fetcher?: SectorFetcher
  /** The attached seal path new sector files go to, if any (else `sealDir`). */
  readonly sealRoot?: () => string | undefined
  /** Declares the files a task left in the seal path (and drops those it moved or removed). */
  readonly declarer?: SectorDeclarer
}

interface Entry {
  readonly spec: CallSpec
  readonly started: number
  state: WorkerCall['state']
  progress: number
  readonly abort: AbortController
  done: Promise<unknown>
}

/** Swap total and used from /proc/meminfo, zeros where it is not available. */
function swap(): { total: number; used: number } {
  try {
    const text = readFileSync('/proc/meminfo', 'utf8')
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024
    return { total: kb('SwapTotal'), used: kb('SwapTotal') - kb('SwapFree') }
  } catch {
    return { total: 0, used: 0 }
  }
}

export class LocalWorker implements Worker {
  readonly sessionId = randomUUID()
  private readonly enabled: Set<TaskType>
  private readonly entries = new Map<string, Entry>()
  private readonly table: ResourceTable
  private readonly mover: SectorMover
  private readonly fetcher?: SectorFetcher
  private readonly sealRoot: () => string | undefined
  private readonly declarer?: SectorDeclarer

  constructor(
    private readonly opts: LocalWorkerOptions,
    deps: LocalWorkerDeps = {},
  ) {
    for (const t of opts.tasks) this.checkSupported(t)
    this.enabled = new Set(opts.tasks)
    this.table = parseResourceEnv(opts.env ?? process.env)
    this.mover = deps.mover ?? KEEP_IN_PLACE
    this.fetcher = deps.fetcher
    this.sealRoot = deps.sealRoot ?? (() => undefined)
    this.declarer = deps.declarer
  }

  private checkSupported(t: TaskType): void {
    if (!EXECUTORS[t]) throw new InvalidError(`task type ${t} is not supported by this worker`)
  }

  async session(): Promise<string> {
    return this.sessionId
  }

  async info(): Promise<WorkerInfo> {
    const s = swap()
    const total = totalmem()
    return {
      hostname: this.opts.hostname ?? hostname(),
      ignoreResources: this.opts.ignoreResources ?? false,
      resources: {
        memPhysical: total,
        memUsed: total - freemem(),
        memSwap: s.total,
        memSwapUsed: s.used,
        cpus: availableParallelism(),
        gpus: [],
        table: this.table,
      },
    }
  }

  async taskTypes(): Promise<TaskType[]> {
    return [...this.enabled]
  }

  /** `lotus-worker tasks enable|disable`. */
  setTaskEnabled(t: TaskType, on: boolean): void {
    if (on) {
      this.checkSupported(t)
      this.enabled.add(t)
    } else this.enabled.delete(t)
  }

  async start(spec: CallSpec): Promise<void> {
    if (this.entries.has(spec.callId)) return
    if (!this.enabled.has(spec.task)) throw new InvalidError(`task type ${spec.task} is not enabled on this worker`)
    const exec = EXECUTORS[spec.task]!
    const abort = new AbortController()
    const entry: Entry = {
      spec,
      started: Date.now(),
      state: 'running',
      progress: 0,
      abort,
      done: Promise.resolve(),
    }
    const paths = sectorPaths(this.sealRoot() ?? this.opts.sealDir, spec.sector)
    entry.done = this.run(spec, paths, abort.signal, (signal) =>
      exec(spec.args, {
        sector: spec.sector,
        paths,
        signal,
        onProgress: (f) => {
          entry.progress = f
        },
        mover: this.mover,
        parentsDir: this.opts.parentsDir,
      }),
    )
    entry.done.then(
      () => {
        entry.state = 'done'
        entry.progress = 1
      },
      () => {
        entry.state = 'failed'
      },
    )
    this.entries.set(spec.callId, entry)
  }

  /**
   * Fetches the task's missing inputs, runs it, then (on success) lets the fetcher remove the sources it
   * moved from, and declares what the seal path now holds of the sector.
   */
  private async run(
    spec: CallSpec,
    paths: SectorPaths,
    signal: AbortSignal,
    exec: (signal: AbortSignal) => Promise<unknown>,
  ): Promise<unknown> {
    let ok = false
    try {
      const release = await this.prepare(spec, paths, signal)
      const out = await exec(signal)
      if (release) await release()
      ok = true
      return out
    } finally {
      // after a failure the task's own error is what the scheduler needs to see
      await this.declarer?.sync(spec.sector).catch((err) => {
        if (ok) throw err
      })
    }
  }

  /** Makes sure the task's input files are here, fetching the missing ones (Lotus's prepare step). */
  private async prepare(
    spec: CallSpec,
    paths: SectorPaths,
    signal: AbortSignal,
  ): Promise<void | (() => Promise<void>)> {
    const missing = (TASK_INPUTS[spec.task] ?? []).filter((t) => !existsSync(paths[t]))
    if (missing.length === 0) return
    if (!this.fetcher) {
      throw new LotusError(
        ErrorCode.NotFound,
        `${spec.task}: sector ${spec.sector.number} files missing on this worker: ${missing.map((t) => paths[t]).join(', ')}`,
      )
    }
    return this.fetcher.fetch(spec.sector, missing, paths, signal)
  }

  async wait(callId: string): Promise<unknown> {
    const e = this.entries.get(callId)
    if (!e) throw new NotFoundError(`no call ${callId} on this worker`)
    try {
      return await e.done
    } catch (err) {
      throw new Error(`${e.spec.task} on sector ${e.spec.sector.number}: ${errorMessage(err)}`, { cause: err })
    }
  }

  async calls(): Promise<WorkerCall[]> {
    return [...this.entries.values()].map((e) => ({
      callId: e.spec.callId,
      task: e.spec.task,
      sector: e.spec.sector,
      state: e.state,
      started: e.started,
      progress: e.progress,
    }))
  }

  async forget(callId: string): Promise<void> {
    const e = this.entries.get(callId)
    if (e && e.state !== 'running') this.entries.delete(callId)
  }

  async abort(callId: string): Promise<void> {
    this.entries.get(callId)?.abort.abort(new Error(`call ${callId} aborted`))
  }

  /** Calls running now. */
  get runningCount(): number {
    return [...this.entries.values()].filter((e) => e.state === 'running').length
  }
}
