/**
 * Starting the sealing pipeline in the miner process: over the daemon's FullNode API, on the miner's SQL
 * metadata and scheduler, for the actor `lotus-miner init` recorded, with the `[Sealing]`, `[Fees]` and
 * `[Addresses]` config. A removed sector's files go from every storage path the index knows (over
 * `/remote` for other processes') and from the built-in worker's seal folder.
 */
import { rmSync } from 'node:fs'
import type { Address } from '../../core/address.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { ErrorCode, errorMessage, LotusError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { FILE_TYPES, FT } from '../../worker/paths/filetypes.ts'
import type { LocalStore } from '../../worker/paths/local.ts'
import type { SectorIndex } from '../../worker/paths/sector-index.ts'
import { sectorPaths } from '../../worker/sector-files.ts'
import type { SectorRef } from '../../worker/worker.ts'
import { readActor } from '../repo/actor.ts'
import type { MinerConfig } from '../repo/config.ts'
import type { PipelineApi } from './chain-api.ts'
import { SealingPipeline } from './pipeline.ts'
import { type SealingPolicy, sealingPolicy } from './policy.ts'
import type { SealScheduler } from './step.ts'

export interface StartPipelineDeps {
  readonly api: PipelineApi
  readonly repoPath: string
  readonly db: SqlStore
  readonly sched: SealScheduler
  readonly local: LocalStore
  readonly index: SectorIndex
  /** The admin token the miner presents to other processes' `/remote`. */
  readonly token: string
  readonly config: MinerConfig
  /** The built-in worker's seal folder. */
  readonly sealDir: string
}

/** Every sector file type (storiface bits 1..32). */
const ALL_FILE_TYPES = 63

/**
 * Removes a sector's files everywhere the index knows them: other processes' paths with `DELETE` on their
 * `/remote` URLs (a copy already gone is fine), then the local paths and the built-in seal folder.
 */
export function sectorRemover(
  deps: { index: SectorIndex; local: LocalStore; token: string },
  sealDir: string,
): (s: SectorRef) => Promise<void> {
  return async (s) => {
    const id = { Miner: s.miner, Number: s.number }
    for (const t of FILE_TYPES) {
      for (const si of deps.index.find(id, FT[t], 0, false)) {
        if (deps.local.root(si.ID) !== undefined) continue
        for (const url of si.URLs) {
          const res = await fetch(url, { method: 'DELETE', headers: { Authorization: `Bearer ${deps.token}` } })
          await res.arrayBuffer().catch(() => undefined)
          if (res.status !== 200 && res.status !== 404)
            throw new LotusError(ErrorCode.Storage, `removing ${t} of sector ${s.number} at ${url}: HTTP ${res.status}`)
        }
        deps.index.drop(si.ID, id, FT[t])
      }
    }
    deps.local.remove(id, ALL_FILE_TYPES)
    const p = sectorPaths(sealDir, s)
    for (const f of [p.unsealed, p.sealed, p.cache]) rmSync(f, { recursive: true, force: true })
  }
}

/**
 * Starts the pipeline when `[Subsystems] EnableSealing` is on and the repo has an actor; undefined
 * otherwise, with the reason logged.
 */
export function startPipelineFor(
  deps: StartPipelineDeps,
  opts: { readonly profile: NetworkProfile; readonly timing?: Partial<SealingPolicy> },
): SealingPipeline | undefined {
  const log = logger('pipeline')
  if (!deps.config.Subsystems.EnableSealing) {
    log.info('sealing pipeline off: [Subsystems] EnableSealing = false')
    return undefined
  }
  let maddr: Address
  try {
    maddr = readActor(deps.repoPath)
  } catch (err) {
    log.warn('sealing pipeline off: the repo has no miner actor', { error: errorMessage(err) })
    return undefined
  }
  const pipeline = new SealingPipeline(
    { db: deps.db, api: deps.api, sched: deps.sched, removeFiles: sectorRemover(deps, deps.sealDir) },
    {
      maddr,
      addresses: deps.config.Addresses,
      policy: sealingPolicy(opts.profile, deps.config, opts.timing),
      maxSealingSectors: deps.config.Sealing.MaxSealingSectors,
    },
  )
  pipeline.start()
  log.info('sealing pipeline started', { miner: maddr.toString(), sectors: pipeline.store.list().length })
  return pipeline
}
