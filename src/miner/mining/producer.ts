/**
 * The block producer (Lotus `miner/miner.go` Miner.mine): each round it takes the heaviest head as the
 * base (keeping its null-round count while the head stays), waits until the base's time plus the
 * propagation delay, then mines the round (mine-one.ts). A won block waits until its timestamp and goes
 * to SyncSubmitBlock; a lost round, or a base still unchanged a round later (our block refused or not
 * adopted), counts a null round and waits for the next one. Errors are logged with their cause and the next
 * round is tried; the loop only ends on stop() or the signal. pause() keeps the
 * loop's timing but skips mining (each paused round is a null round for this miner).
 */
import type { Address } from '../../core/address.ts'
import { blockHeaderCid } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import { ProofsWorkerPool } from '../../proofs/worker/pool.ts'
import { errorMessage } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { type Clock, type MiningApi, type SectorFilesProvider, systemClock } from './deps.ts'
import { type Mined, type MiningBase, mineOne, roundOf } from './mine-one.ts'
import {
  type ComputeWinningPoSt,
  computeWinningPoSt,
  localWinningPoSt,
  type WinningPoStRequest,
} from './winning-post.ts'

const log = logger('miner')

export interface BlockProducerDeps {
  readonly api: MiningApi
  readonly sectorFiles: SectorFilesProvider
  /**
   * Computes WinningPoSts given a pool of proofs threads (e.g. through the scheduler on a --winningpost
   * worker, falling back to the pool); default: on the pool.
   */
  readonly compute?: (pool: ProofsWorkerPool) => ComputeWinningPoSt
  /** Proofs threads for WinningPoSt; default: the producer's own one-thread pool, closed on stop. */
  readonly pool?: ProofsWorkerPool
  /** Default: the system clock. */
  readonly clock?: Clock
  /** Stops the producer when aborted (the process's signal). */
  readonly signal?: AbortSignal
}

export interface BlockProducerOptions {
  /** The miner actor (ID address). */
  readonly miner: Address
  /** The network's epoch length (the daemon's Version().BlockDelay). */
  readonly blockDelaySecs: number
  /** How long after a base's time to wait for more of its blocks (Lotus PropagationDelaySecs). */
  readonly propagationDelaySecs: number
  /** Wait before retrying when the daemon cannot be asked for a base (default 1000 ms). */
  readonly retryMs?: number
}

export interface ProducedBlock {
  readonly cid: CID
  readonly height: number
}

export interface BlockProducer {
  start(): void
  /** Stops mining (rounds pass as null rounds for this miner) until resume(). */
  pause(): void
  resume(): void
  readonly paused: boolean
  /** The blocks submitted so far, oldest first. */
  readonly produced: readonly ProducedBlock[]
  /** Ends the loop and waits for it; a block being submitted is sent first. */
  stop(): Promise<void>
}

const MINED_HEIGHTS_KEPT = 1000

export function createBlockProducer(deps: BlockProducerDeps, opts: BlockProducerOptions): BlockProducer {
  const { api } = deps
  const clock = deps.clock ?? systemClock
  const retryMs = opts.retryMs ?? 1000
  const stopper = new AbortController()
  const signal = deps.signal ? AbortSignal.any([deps.signal, stopper.signal]) : stopper.signal
  const produced: ProducedBlock[] = []
  const minedHeights = new Set<number>()
  let ownPool: ProofsWorkerPool | undefined
  let compute: ComputeWinningPoSt | undefined
  let paused = false
  let running: Promise<void> | undefined
  let lastWork: MiningBase | undefined

  const sleepUntilSecs = (secs: number) => clock.sleep(secs * 1000 - clock.now(), signal)
  const mineDeps = {
    api,
    clock,
    prove: (req: WinningPoStRequest, s?: AbortSignal) =>
      computeWinningPoSt({ sectorFiles: deps.sectorFiles, compute: compute! }, req, s),
  }

  /** GetBestMiningCandidate: the head, or the last base (with its null rounds) while the head is the same. */
  async function bestCandidate(): Promise<MiningBase> {
    const head = await api.ChainHead()
    if (lastWork?.tipSet.key.equals(head.key)) return lastWork
    lastWork = { tipSet: head, nullRounds: 0 }
    return lastWork
  }

  /** Picks the base: waits for its blocks to propagate and for the round's beacon entry. */
  async function selectBase(): Promise<MiningBase> {
    let base: MiningBase | undefined
    for (;;) {
      const pre = await bestCandidate()
      if (base && base.tipSet.height === pre.tipSet.height && base.nullRounds === pre.nullRounds) return pre
      await sleepUntilSecs(pre.tipSet.minTimestamp + opts.propagationDelaySecs)
      try {
        await api.BeaconGetEntry(BigInt(roundOf(pre)))
      } catch (err) {
        log.error('failed getting beacon entry', { round: roundOf(pre), error: errorMessage(err) })
        await clock.sleep(retryMs, signal)
        continue
      }
      base = pre
    }
  }

  /** Waits until the block's time and submits it; false when it was not sent (paused, or a height mined twice). */
  async function submit(base: MiningBase, mined: Mined): Promise<boolean> {
    const h = mined.block.header
    const cid = blockHeaderCid(h)
    log.info('mined new block', {
      cid: cid.toString(),
      height: h.height,
      miner: h.miner.toString(),
      parents: base.tipSet.blocks.map((b) => b.miner.toString()).join(','),
      took: `${mined.timings.total}ms`,
    })
    if (mined.timings.total > opts.blockDelaySecs * 1000)
      log.warn(
        'CAUTION: block production took longer than the block delay. Your computer may not be fast enough to keep up',
        {
          ...Object.fromEntries(Object.entries(mined.timings).map(([k, v]) => [k, `${v}ms`])),
        },
      )
    const wait = Number(h.timestamp) * 1000 - clock.now()
    if (wait > 0) await clock.sleep(wait)
    else if (wait < -1000) log.warn('mined block in the past', { blockTime: Number(h.timestamp), lateMs: -wait })
    if (paused) {
      log.info('mining paused: the block is not submitted', { height: h.height })
      return false
    }
    if (minedHeights.has(h.height)) {
      log.warn("Created a block at the same height as another block we've created", { height: h.height })
      return false
    }
    minedHeights.add(h.height)
    if (minedHeights.size > MINED_HEIGHTS_KEPT) minedHeights.delete(minedHeights.values().next().value!)
    try {
      await api.SyncSubmitBlock(mined.block)
      produced.push({ cid, height: h.height })
    } catch (err) {
      log.error('failed to submit newly mined block', { cid: cid.toString(), error: errorMessage(err) })
    }
    return true
  }

  /** Counts a null round on `base` and waits for the next round plus the propagation delay (lotus#1845). */
  async function nextRound(base: MiningBase): Promise<void> {
    base.nullRounds++
    await sleepUntilSecs(base.tipSet.minTimestamp + opts.blockDelaySecs * base.nullRounds + opts.propagationDelaySecs)
  }

  async function loop(): Promise<void> {
    let lastBase: { tipSet: MiningBase['tipSet']; nullRounds: number } | undefined
    while (!signal.aborted) {
      try {
        const base = await selectBase()
        if (lastBase?.tipSet.key.equals(base.tipSet.key) && lastBase.nullRounds === base.nullRounds) {
          // our block of the last round did not become the head (not submitted, refused, or lighter): the
          // base did not change by the next round, which is then a null round on it
          log.warn('BestMiningCandidate from the previous round', {
            tipset: base.tipSet.key.toString(),
            nulls: base.nullRounds,
          })
          await nextRound(base)
          continue
        }
        let mined: Mined | null = null
        if (!paused) {
          try {
            mined = await mineOne(mineDeps, opts, base, signal)
          } catch (err) {
            if (signal.aborted) break
            log.error('mining block failed', { round: roundOf(base), error: errorMessage(err) })
          }
        }
        lastBase = { tipSet: base.tipSet, nullRounds: base.nullRounds }
        if (!mined || !(await submit(base, mined))) await nextRound(base)
      } catch (err) {
        if (signal.aborted) break
        log.error('failed to get best mining candidate', { error: errorMessage(err) })
        await clock.sleep(retryMs, signal).catch(() => undefined)
      }
    }
  }

  return {
    start() {
      if (running) return
      const pool = deps.pool ?? (ownPool = new ProofsWorkerPool({ size: 1 }))
      compute = deps.compute ? deps.compute(pool) : localWinningPoSt(pool)
      log.info('block producer started', { miner: opts.miner.toString() })
      running = loop()
    },
    pause() {
      paused = true
    },
    resume() {
      paused = false
    },
    get paused() {
      return paused
    },
    get produced() {
      return produced
    },
    async stop() {
      stopper.abort()
      await running
      running = undefined
      await ownPool?.close()
      ownPool = undefined
    },
  }
}
