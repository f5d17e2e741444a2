/**
 * Block production inside `lotus-miner run` (Lotus `node/modules/storageminer.go` SetupBlockProducer): runs
 * when the miner has a daemon (FULLNODE_API_INFO), an actor recorded by `lotus-miner init`, and
 * `[Subsystems] EnableMining` is not false. The block delay is the daemon's (Version().BlockDelay); sector
 * files come from the miner's local storage paths (pre-sealed sectors included); WinningPoSt runs on a
 * `--winningpost` worker when the scheduler has one, else on the miner's own proofs thread.
 */
import type { Client } from '../../api/client/client.ts'
import type { FullNodeMethods } from '../../api/full/index.ts'
import type { Address } from '../../core/address.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { errorMessage, NotFoundError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import type { LocalStore } from '../../worker/paths/local.ts'
import { readActor } from '../repo/actor.ts'
import type { MinerConfig } from '../repo/config.ts'
import type { SectorFilesProvider } from './deps.ts'
import { type BlockProducer, createBlockProducer } from './producer.ts'
import { localWinningPoSt, schedulerWinningPoSt } from './winning-post.ts'
import type { Scheduler } from '../sched/scheduler.ts'

const log = logger('miner')

export interface MiningSetupDeps {
  readonly api: Client<FullNodeMethods>
  readonly repoPath: string
  readonly config: MinerConfig
  readonly local: Pick<LocalStore, 'pathOf'>
  readonly signal: AbortSignal
  /** WinningPoSt goes to a `--winningpost` worker of this scheduler when one is connected. */
  readonly sched?: Scheduler
}

/** The sealed and cache files of the miner's sectors in its local storage paths. */
export function localSectorFiles(local: Pick<LocalStore, 'pathOf'>, miner: Address): SectorFilesProvider {
  const minerId = Number(miner.id)
  return (n) => {
    const s = { Miner: minerId, Number: Number(n) }
    const sealed = local.pathOf(s, 'sealed')
    const cache = local.pathOf(s, 'cache')
    if (!sealed || !cache)
      throw new NotFoundError(`sector ${n}: no local storage path holds its ${sealed ? 'cache' : 'sealed'} file`)
    return { sealed, cache }
  }
}

/** Starts the block producer when mining is enabled and the repo has an actor; undefined otherwise. */
export async function startMining(
  deps: MiningSetupDeps,
  opts: { profile: NetworkProfile },
): Promise<BlockProducer | undefined> {
  if (deps.config.Subsystems.EnableMining === false) {
    log.info('mining disabled ([Subsystems] EnableMining = false)')
    return undefined
  }
  let miner: Address
  try {
    miner = readActor(deps.repoPath)
  } catch (err) {
    log.warn('not mining: the repo has no miner actor', { error: errorMessage(err) })
    return undefined
  }
  const { blockDelay } = await deps.api.Version()
  const { sched } = deps
  const producer = createBlockProducer(
    {
      api: deps.api,
      sectorFiles: localSectorFiles(deps.local, miner),
      signal: deps.signal,
      compute: sched ? (pool) => schedulerWinningPoSt(sched, localWinningPoSt(pool)) : undefined,
    },
    { miner, blockDelaySecs: blockDelay, propagationDelaySecs: opts.profile.propagationDelaySecs },
  )
  producer.start()
  return producer
}
