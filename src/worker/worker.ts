/**
 * The Worker as the scheduler sees it, whether it runs in the miner's process (LocalWorker) or in a
 * `lotus-worker` reached over RPC (RemoteWorker). A call is started with an id the scheduler chose and
 * persisted; starting the same id twice is a no-op, and `wait` re-attaches to a call started earlier (after
 * a miner restart), so a result is never computed twice while the worker lives.
 */
import type { ResourceTable } from './resources.ts'
import type { TaskType } from './task-types.ts'

/** A sector: its miner's actor id, its number and its registered seal proof. */
export interface SectorRef {
  readonly miner: number
  readonly number: number
  readonly proof: number
}

/** The hardware a worker reports (Lotus storiface.WorkerResources). Memory in bytes. */
export interface WorkerResources {
  readonly memPhysical: number
  readonly memUsed: number
  readonly memSwap: number
  readonly memSwapUsed: number
  readonly cpus: number
  readonly gpus: readonly string[]
  /** The worker's resource table, env overrides applied. */
  readonly table: ResourceTable
}

/** Lotus storiface.WorkerInfo. */
export interface WorkerInfo {
  readonly hostname: string
  /** Lotus's --no-local-storage/--ignore-resources: schedule regardless of resources. */
  readonly ignoreResources: boolean
  readonly resources: WorkerResources
}

/** One unit of work sent to a worker. `args` and the result are JSON values. */
export interface CallSpec {
  readonly callId: string
  readonly task: TaskType
  readonly sector: SectorRef
  readonly args: unknown
}

/** A call the worker knows of. */
export interface WorkerCall {
  readonly callId: string
  readonly task: TaskType
  readonly sector: SectorRef
  readonly state: 'running' | 'done' | 'failed'
  readonly started: number
  /** Fraction done (0..1) as the task reports it; 0 when it reports nothing. */
  readonly progress: number
}

export interface Worker {
  /** Changes every time the worker process starts (its WorkerID for the scheduler). */
  session(): Promise<string>
  info(): Promise<WorkerInfo>
  /** The task types enabled now. */
  taskTypes(): Promise<TaskType[]>
  /** Starts a call (no-op when it is already known). Resolves once started, not when done. */
  start(call: CallSpec): Promise<void>
  /** Waits for a started call's result; throws its error. */
  wait(callId: string): Promise<unknown>
  /** Calls running or finished and not yet forgotten. */
  calls(): Promise<WorkerCall[]>
  /** Drops a finished call's result. */
  forget(callId: string): Promise<void>
  /** Cancels a running call (its wait rejects). */
  abort(callId: string): Promise<void>
}
