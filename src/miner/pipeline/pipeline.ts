/**
 * The sealing pipeline's runner: one loop per sector that reads the sector's row, runs its state's step
 * from the transition table (./fsm.ts) and writes the event's next state with a compare-and-set on the row.
 * On start every sector not in a terminal state resumes where its row says, so a kill -9 at any point
 * loses at most the step in flight, which is idempotent. The user's events (pledge, update-state, remove)
 * come through here; a forced state stops the sector's loop (its in-flight result is discarded by the
 * row's version) and starts a new one.
 */
import type { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import type { SqlStore } from '../../db/sql-store.ts'
import { SEAL_PROOFS } from '../../proofs/registered-proof.ts'
import { ErrorCode, errorMessage, InvalidError, LotusError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import type { SectorRef } from '../../worker/worker.ts'
import type { AddressConfig } from './address-selector.ts'
import type { PipelineApi } from './chain-api.ts'
import { isTerminal, type StateDef, TRANSITIONS } from './fsm.ts'
import { retryDelay, type SealingPolicy } from './policy.ts'
import { SectorConflictError, type SectorRecord, SectorStore } from './sector-store.ts'
import type { SectorState } from './states.ts'
import { type Outcome, type SealScheduler, type StepContext, sleep } from './step.ts'
import { abortable } from '../../util/abort.ts'

export interface PipelineDeps {
  readonly db: SqlStore
  readonly api: PipelineApi
  readonly sched: SealScheduler
  /** Removes a sector's files from every storage path. */
  readonly removeFiles: (sector: SectorRef) => Promise<void>
  readonly now?: () => number
}

export interface PipelineOptions {
  /** The miner actor, as an ID address. */
  readonly maddr: Address
  readonly addresses: AddressConfig
  readonly policy: SealingPolicy
  /** The seal proof of new sectors; default: the V1_1 proof of the miner's on-chain sector size. */
  readonly sealProof?: number
  /** `[Sealing] MaxSealingSectors`: pledging stops at this many sectors sealing (0: no limit). */
  readonly maxSealingSectors?: number
}

/** Too many sectors are sealing for another pledge (`[Sealing] MaxSealingSectors`). */
export class TooManySealingError extends LotusError {
  constructor(cur: number, max: number) {
    super(ErrorCode.Conflict, `too many sectors sealing (curSealing: ${cur}, max: ${max})`)
    this.name = 'TooManySealingError'
  }
}

/** States that do not count as sealing: resting ones and removal. */
const NOT_SEALING: ReadonlySet<SectorState> = new Set([
  'Proving',
  'Removed',
  'FailedUnrecoverable',
  'Removing',
  'RemoveFailed',
])

const log = logger('pipeline')

const eventKind = (event: string) => `event;sealing.${event}`

export class SealingPipeline {
  readonly store: SectorStore
  private readonly root = new AbortController()
  private readonly loops = new Map<number, { ctrl: AbortController; done: Promise<void> }>()
  private sealProof: number | undefined
  private readonly now: () => number

  constructor(
    private readonly deps: PipelineDeps,
    private readonly opts: PipelineOptions,
  ) {
    this.now = deps.now ?? Date.now
    this.store = new SectorStore(deps.db, this.now)
    this.sealProof = opts.sealProof
  }

  get maddr(): Address {
    return this.opts.maddr
  }

  get minerId(): number {
    return Number(this.opts.maddr.id)
  }

  /** Resumes every sector not in a terminal state. */
  start(): void {
    for (const s of this.store.list()) if (!isTerminal(s.state)) this.spawn(s.number)
  }

  /** The seal proof of new sectors, and the counter raised past the sectors the miner already has on chain. */
  private async prepare(): Promise<number> {
    if (this.sealProof !== undefined) return this.sealProof
    const mi = (await this.deps.api.StateMinerInfo(this.opts.maddr, TipSetKey.EMPTY)) as { SectorSize?: unknown }
    const size = Number(mi.SectorSize)
    const proof = [...SEAL_PROOFS.values()].find((p) => p.sectorSize === size && p.name.endsWith('V1_1') && !p.feature)
    if (!proof)
      throw new InvalidError(`miner ${this.opts.maddr} has sector size ${mi.SectorSize}: no seal proof for it`)
    const sectors = await this.deps.api.StateMinerSectors(this.opts.maddr, null, TipSetKey.EMPTY)
    const numbers = Array.isArray(sectors)
      ? sectors.map((s) => Number((s as { SectorNumber: unknown }).SectorNumber))
      : []
    if (numbers.length > 0) this.store.ensureNextAtLeast(Math.max(...numbers) + 1)
    this.sealProof = proof.id
    return proof.id
  }

  /** Creates a committed-capacity sector (Lotus PledgeSector) and starts sealing it. */
  async pledge(): Promise<SectorRecord> {
    const max = this.opts.maxSealingSectors ?? 0
    if (max > 0) {
      const cur = this.store.list().filter((s) => !NOT_SEALING.has(s.state)).length
      if (cur >= max) throw new TooManySealingError(cur, max)
    }
    const proof = await this.prepare()
    const s = this.store.create(proof, 'Packing', { kind: eventKind('SectorStartCC'), message: 'pledged' })
    log.info('sector pledged', { sector: s.number })
    this.spawn(s.number)
    return s
  }

  /** Moves a sector to `state` whatever it is doing (Lotus SectorForceState). */
  forceState(n: number, state: SectorState, event = 'SectorForceState'): SectorRecord {
    const cur = this.store.get(n)
    this.stop(n)
    const s = this.store.update(n, cur.version, {
      state,
      log: { kind: eventKind(event), message: `${cur.state} -> ${state}` },
    })
    if (!isTerminal(state)) this.spawn(n)
    return s
  }

  /** Removes a sector: its files go, its row stays in Removed (Lotus SectorRemove). */
  remove(n: number): SectorRecord {
    return this.forceState(n, 'Removing', 'SectorRemove')
  }

  async close(): Promise<void> {
    this.root.abort(new Error('sealing pipeline closed'))
    await Promise.all([...this.loops.values()].map((l) => l.done))
  }

  /** Resolves when sector `n`'s loop has stopped (a terminal state, or closed). For tests and tools. */
  async settled(n: number): Promise<void> {
    await this.loops.get(n)?.done
  }

  private stop(n: number): void {
    this.loops.get(n)?.ctrl.abort(new Error(`sector ${n} moved by the user`))
    this.loops.delete(n)
  }

  private spawn(n: number): void {
    if (this.root.signal.aborted) return
    this.stop(n)
    const ctrl = new AbortController()
    const signal = AbortSignal.any([this.root.signal, ctrl.signal])
    const entry = { ctrl, done: Promise.resolve() }
    entry.done = this.loop(n, signal).then(
      () => {
        if (this.loops.get(n) === entry) this.loops.delete(n)
      },
      (err) => log.error('sector loop stopped', { sector: n, error: errorMessage(err) }),
    )
    this.loops.set(n, entry)
  }

  private context(signal: AbortSignal): StepContext {
    return {
      api: this.deps.api,
      maddr: this.opts.maddr,
      minerId: this.minerId,
      sched: this.deps.sched,
      addresses: this.opts.addresses,
      policy: this.opts.policy,
      removeFiles: this.deps.removeFiles,
      signal,
      sleep: (ms) => sleep(ms, signal),
    }
  }

  private async loop(n: number, signal: AbortSignal): Promise<void> {
    const ctx = this.context(signal)
    while (!signal.aborted) {
      const s = this.store.get(n)
      const def = TRANSITIONS[s.state]
      if (!def.run) return
      let out: Outcome | undefined
      let failure: unknown
      try {
        if (def.retry) await ctx.sleep(Math.max(0, s.updatedAt + retryDelay(this.opts.policy, s.retries) - this.now()))
        out = await abortable(ctx.signal, def.run(ctx, s))
      } catch (err) {
        if (signal.aborted) return
        failure = err
      }
      try {
        if (out) this.advance(s, def, out)
        else this.fail(s, def, failure)
      } catch (err) {
        if (!(err instanceof SectorConflictError)) throw err
      }
    }
  }

  private advance(s: SectorRecord, def: StateDef, out: Outcome): void {
    const next = def.on[out.event]
    if (!next) {
      this.store.update(s.number, s.version, {
        state: 'FailedUnrecoverable',
        lastErr: `state ${s.state} has no transition for event ${out.event}`,
        log: { kind: eventKind(out.event), message: `no transition from ${s.state}` },
      })
      return
    }
    this.store.update(s.number, s.version, {
      state: next,
      data: out.data,
      log: { kind: eventKind(out.event), message: out.message ?? `${s.state} -> ${next}` },
    })
    log.info('sector state', { sector: s.number, from: s.state, to: next, event: out.event })
  }

  /**
   * A step threw: to the state's failure state (retries + 1); a failure state stays, to retry after its
   * backoff; a state with neither cannot recover.
   */
  private fail(s: SectorRecord, def: StateDef, err: unknown): void {
    const msg = errorMessage(err)
    const event = def.fail ?? 'SectorRetryFailed'
    const next = def.fail ? def.on[def.fail]! : def.retry ? s.state : 'FailedUnrecoverable'
    log.warn('sector step failed', { sector: s.number, state: s.state, to: next, error: msg })
    this.store.update(s.number, s.version, {
      state: next,
      retries: s.retries + 1,
      lastErr: msg,
      log: { kind: eventKind(event), message: msg, trace: err instanceof Error ? (err.stack ?? '') : '' },
    })
  }
}
