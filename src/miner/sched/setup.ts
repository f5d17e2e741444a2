/**
 * Wiring for the miner's composition root: the scheduler on the miner's SQL store, the built-in worker
 * (the same LocalWorker `lotus-worker` runs) with the task types `[Storage] Allow*` enable, and the
 * handlers of the scheduler's API methods.
 */
import type { SchedMethods } from '../../api/miner/sched.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import { EXECUTORS } from '../../worker/executors.ts'
import { LocalWorker } from '../../worker/local-worker.ts'
import type { SectorFetcher, SectorMover } from '../../worker/sector-files.ts'
import type { TaskType } from '../../worker/task-types.ts'
import { type AssignerName, assignerFromEnv } from './assigners.ts'
import { schedHandlers } from './handlers.ts'
import { Scheduler, type SchedulerOptions } from './scheduler.ts'
import type { SectorLocator } from './selectors.ts'

/** The `[Storage]` switches of the miner's config that choose the built-in worker's tasks. */
export interface StorageAllow {
  readonly AllowAddPiece: boolean
  readonly AllowPreCommit1: boolean
  readonly AllowPreCommit2: boolean
  readonly AllowCommit: boolean
  readonly AllowUnseal: boolean
  readonly AllowReplicaUpdate: boolean
  readonly AllowProveReplicaUpdate2: boolean
  readonly AllowRegenSectorKey: boolean
}

const ALLOW: Readonly<Record<keyof StorageAllow, readonly TaskType[]>> = {
  AllowAddPiece: ['AP', 'DC'],
  AllowPreCommit1: ['PC1'],
  AllowPreCommit2: ['PC2'],
  AllowCommit: ['C2'],
  AllowUnseal: ['UNS'],
  AllowReplicaUpdate: ['RU'],
  AllowProveReplicaUpdate2: ['PR2'],
  AllowRegenSectorKey: ['GSK'],
}

/** Lotus manager.go: C1, FIN, FUS and GET always run locally; the rest as `[Storage]` allows. Only those this worker implements. */
export function builtinTasks(allow: StorageAllow): TaskType[] {
  const tasks = new Set<TaskType>(['C1', 'FIN', 'FUS', 'GET'])
  for (const [k, ts] of Object.entries(ALLOW) as [keyof StorageAllow, readonly TaskType[]][]) {
    if (allow[k]) for (const t of ts) tasks.add(t)
  }
  return [...tasks].filter((t) => EXECUTORS[t])
}

export interface MinerSchedDeps {
  readonly db: SqlStore
  readonly locator?: SectorLocator
  readonly mover?: SectorMover
  readonly fetcher?: SectorFetcher
  /** The admin token the miner presents to remote workers. */
  readonly workerToken: string
}

export interface MinerSchedOptions extends SchedulerOptions {
  readonly storage: StorageAllow & { readonly Assigner?: string }
  /** The built-in worker's seal folder. */
  readonly sealDir: string
  readonly env?: Readonly<Record<string, string | undefined>>
}

export interface MinerSched {
  readonly sched: Scheduler
  readonly local: LocalWorker
  readonly handlers: Handlers<typeof SchedMethods>
  close(): void
}

/** Starts the scheduler with the built-in worker connected. */
export async function startMinerScheduler(deps: MinerSchedDeps, opts: MinerSchedOptions): Promise<MinerSched> {
  const env = opts.env ?? process.env
  const assigner: AssignerName =
    opts.assigner ?? assignerFromEnv({ LOTUS_SCHED_ASSIGNER: env.LOTUS_SCHED_ASSIGNER ?? opts.storage.Assigner })
  const sched = new Scheduler({ db: deps.db, locator: deps.locator }, { ...opts, assigner })
  const local = new LocalWorker(
    { tasks: builtinTasks(opts.storage), sealDir: opts.sealDir, env },
    { mover: deps.mover, fetcher: deps.fetcher },
  )
  await sched.addWorker(local)
  return { sched, local, handlers: schedHandlers({ sched, workerToken: deps.workerToken }), close: () => sched.close() }
}
