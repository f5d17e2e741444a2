/**
 * Starting WindowPoSt proving in the miner process: the tracker over the daemon's FullNode API, its steps
 * in the miner's SQL metadata, sector files found through the local storage paths, proofs computed on a
 * `--windowpost` worker when one is connected, else on the miner's own proofs threads.
 */
import type { Address } from '../../core/address.ts'
import { errorMessage } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { readActor } from '../repo/actor.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import type { LocalStore } from '../../worker/paths/local.ts'
import type { MinerConfig } from '../repo/config.ts'
import type { Scheduler } from '../sched/scheduler.ts'
import type { ProvingApi } from './chain-view.ts'
import type { FileLocator } from './check.ts'
import { schedulerWindowPoSt } from './compute.ts'
import { ProvingStore } from './store.ts'
import { type ProvingOptions, ProvingTracker } from './tracker.ts'

export { ProvingTracker } from './tracker.ts'
export { ProvingStore } from './store.ts'

/** Sector files in the miner's local storage paths (as the sector index declares them). */
export function localFiles(local: LocalStore): FileLocator {
  return (miner, num) => {
    const s = { Miner: miner, Number: num }
    return { sealed: local.pathOf(s, 'sealed'), cache: local.pathOf(s, 'cache') }
  }
}

export interface StartProvingDeps {
  readonly api: ProvingApi
  readonly miner: Address
  readonly db: SqlStore
  readonly local: LocalStore
  readonly sched: Scheduler
  readonly config: MinerConfig
}

/** Creates and starts the tracker; `close()` it on shutdown. */
export function startProving(deps: StartProvingDeps, opts: ProvingOptions = {}): ProvingTracker {
  const tracker = new ProvingTracker(
    {
      api: deps.api,
      miner: deps.miner,
      store: new ProvingStore(deps.db),
      locate: localFiles(deps.local),
      compute: schedulerWindowPoSt(deps.sched, Number(deps.miner.id)),
      config: deps.config,
    },
    opts,
  )
  tracker.start()
  return tracker
}

/**
 * Starts proving when the repo has an actor (`lotus-miner init`); undefined otherwise, with a warning.
 * `pollMs` defaults to a quarter of the block delay.
 */
export function startProvingFor(
  deps: Omit<StartProvingDeps, 'miner'> & { readonly repoPath: string; readonly blockDelaySecs: number },
): ProvingTracker | undefined {
  const log = logger('wdpost')
  let miner: Address
  try {
    miner = readActor(deps.repoPath)
  } catch (err) {
    log.warn('not proving: the repo has no miner actor', { error: errorMessage(err) })
    return undefined
  }
  log.info('window post tracker started', { miner: miner.toString() })
  return startProving({ ...deps, miner }, { pollMs: Math.max(250, deps.blockDelaySecs * 250), log })
}
