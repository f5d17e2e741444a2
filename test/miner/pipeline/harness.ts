/**
 * A sealing pipeline for tests: the real scheduler with a real local worker sealing 2 KiB sectors, on a
 * SQLite file that can be re-opened (a restart after a crash), against the in-test FullNode API.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { openSqlite, type SqlStore } from '../../../src/db/sql-store.ts'
import { SealingPipeline } from '../../../src/miner/pipeline/pipeline.ts'
import { sealingPolicy } from '../../../src/miner/pipeline/policy.ts'
import type { SectorState } from '../../../src/miner/pipeline/states.ts'
import { MINER_CONFIG_DEFAULTS } from '../../../src/miner/repo/config.ts'
import { Scheduler } from '../../../src/miner/sched/scheduler.ts'
import { devnet } from '../../../src/params/profiles.ts'
import { LocalWorker } from '../../../src/worker/local-worker.ts'
import { sectorPaths } from '../../../src/worker/sector-files.ts'
import type { SectorRef } from '../../../src/worker/worker.ts'
import { type FakeChain, MADDR } from './fake-chain.ts'

export const POLICY = sealingPolicy(devnet, MINER_CONFIG_DEFAULTS, {
  pollMs: 5,
  retryBackoffMs: 20,
  maxRetryBackoffMs: 100,
  msgConfidence: 0,
  seedConfidence: 1,
})

export interface Running {
  readonly db: SqlStore
  readonly sched: Scheduler
  readonly pipeline: SealingPipeline
  readonly removed: SectorRef[]
  /** Stops everything without a clean shutdown of in-flight work (as after kill -9, the files stay). */
  stop(): Promise<void>
}

export async function startPipeline(
  dir: string,
  chain: FakeChain,
  addresses = MINER_CONFIG_DEFAULTS.Addresses,
): Promise<Running> {
  const db = openSqlite(join(dir, 'metadata.sqlite'))
  const sched = new Scheduler({ db }, { heartbeatMs: 3_600_000, reattachGraceMs: 10 })
  const sealDir = join(dir, 'seal')
  await sched.addWorker(
    new LocalWorker({
      tasks: ['AP', 'PC1', 'PC2', 'C1', 'C2', 'FIN'],
      sealDir,
      parentsDir: join(dir, '..', 'parents'),
    }),
  )
  const removed: SectorRef[] = []
  const pipeline = new SealingPipeline(
    {
      db,
      api: chain.api,
      sched,
      removeFiles: async (s) => {
        removed.push(s)
        const p = sectorPaths(sealDir, s)
        for (const f of [p.unsealed, p.sealed, p.cache]) rmSync(f, { recursive: true, force: true })
      },
    },
    { maddr: MADDR, addresses, policy: POLICY },
  )
  pipeline.start()
  return {
    db,
    sched,
    pipeline,
    removed,
    stop: async () => {
      await pipeline.close()
      sched.close()
      db.close()
    },
  }
}

/** Waits until sector `n` is in `state` (or fails naming where it is). */
export async function waitState(p: SealingPipeline, n: number, state: SectorState, ms = 40_000): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    const s = p.store.get(n)
    if (s.state === state) return
    if (Date.now() > end) throw new Error(`sector ${n} is in ${s.state} (last error: ${s.lastErr}), not ${state}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Waits until `cond` holds. */
export async function until(cond: () => boolean, what: string, ms = 40_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
