/**
 * The WindowPoSt deadline tracker (Lotus storage/wdpost `WindowPoStScheduler`): on every new head it reads
 * the miner's proving deadline, asks `dueActions` what is due and runs it — prove a deadline, submit its
 * proof from the PoSt control address, check the deadline two ahead and declare its faults and recoveries.
 * Every step is recorded in the miner's SQL metadata before and after its message lands, so a restart
 * neither sends a second proof for a deadline nor forgets one; proofs lost with the process are computed
 * again when their submission is due. Each step is logged with how long it took.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import { parseCid } from '../../core/cid.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { BitField } from '../../crypto/bitfield.ts'
import { DomainSeparationTag } from '../../crypto/randomness.ts'
import {
  DeclareFaultsParamsCodec,
  DeclareFaultsRecoveredParamsCodec,
  type SectorDeclaration,
  SubmitWindowedPoStParamsCodec,
} from '../../params/miner-post-params.ts'
import { abortable } from '../../util/abort.ts'
import { errorMessage } from '../../util/errors.ts'
import { type Logger, logger } from '../../util/log.ts'
import type { MinerConfig } from '../repo/config.ts'
import { type ChainView, chainView, type DeadlineInfo, type ProvingApi } from './chain-view.ts'
import { checkProvable, type FileLocator } from './check.ts'
import { type MessageSender, MinerMethod, messageSender, windowPoStMaxFee } from './messages.ts'
import { type ComputeWindowPoSt, type DeadlineProof, type ProverDeps, proveDeadline } from './prover.ts'
import type { ProvingStore } from './store.ts'
import { dueActions, keyOf, type ProvingAction, type Step } from './timing.ts'

export interface ProvingDeps {
  readonly api: ProvingApi
  readonly miner: Address
  readonly store: ProvingStore
  readonly locate: FileLocator
  readonly compute: ComputeWindowPoSt
  readonly config: MinerConfig
  /** Replaces the daemon-backed sender (tests). */
  readonly sender?: MessageSender
}

export interface ProvingOptions {
  /** How often the head is polled, ms (default 1000). */
  readonly pollMs?: number
  readonly log?: Logger
}

const ms = (t0: number) => Math.round(performance.now() - t0)

export class ProvingTracker {
  readonly view: ChainView
  private readonly sender: MessageSender
  private readonly log: Logger
  private readonly proofs = new Map<string, DeadlineProof>()
  private readonly abort = new AbortController()
  private readonly waits = new Set<Promise<void>>()
  /** CIDs of the messages being waited for. */
  private readonly tracked = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private lastHeight = -1
  private running: Promise<void> | undefined
  /** The head's deadline at the last tick, and the last error of a step. */
  current: DeadlineInfo | undefined
  lastError: string | undefined

  /** What proving a deadline needs (also for `ComputeWindowPoSt`). */
  readonly prover: ProverDeps

  constructor(
    private readonly deps: ProvingDeps,
    private readonly opts: ProvingOptions = {},
  ) {
    this.view = chainView(deps.api, deps.miner)
    const { api, miner, locate, compute } = deps
    this.prover = { api, view: this.view, miner, minerId: this.minerId, locate, compute }
    this.log = opts.log ?? logger('wdpost')
    this.sender = deps.sender ?? messageSender(deps.api, deps.miner, () => this.view.info(), deps.config)
  }

  get store(): ProvingStore {
    return this.deps.store
  }

  get minerId(): number {
    return Number(this.deps.miner.id)
  }

  /** Starts polling the head, and waits again for messages a previous run sent. */
  start(): void {
    this.trackPending()
    this.timer = setInterval(() => void this.tick(), this.opts.pollMs ?? 1000)
    this.timer.unref()
    void this.tick()
  }

  /** Stops; messages still waited for are waited for again at the next start (they stay pending in the store). */
  async close(): Promise<void> {
    clearInterval(this.timer)
    this.abort.abort()
    await this.running?.catch(() => undefined)
    await Promise.allSettled([...this.waits])
  }

  /** One look at the head: runs the steps due (at most one tick at a time; a tick at the same height is a no-op). */
  tick(): Promise<void> {
    if (this.running) return this.running
    this.running = this.runTick().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async runTick(): Promise<void> {
    if (this.abort.signal.aborted) return
    try {
      const head = await this.deps.api.ChainHead()
      if (head.height === this.lastHeight) return
      this.lastHeight = head.height
      this.trackPending()
      const cur = await this.view.deadline()
      this.current = cur
      const done = (step: Step, k: { index: number; open: number }) => this.deps.store.done(step, k)
      for (const a of dueActions(cur, done)) {
        if (this.abort.signal.aborted) return
        await this.run(a)
      }
      this.deps.store.prune(cur.periodStart - 2 * cur.wpostProvingPeriod)
    } catch (err) {
      if (!this.abort.signal.aborted) this.fail('head', err)
    }
  }

  /** Waits for every sent message not landed yet (after a restart, or when a wait failed on the way). */
  private trackPending(): void {
    for (const row of this.deps.store.pending())
      if (row.msgCid && !this.tracked.has(row.msgCid))
        this.track(row.step, { index: row.deadline, open: row.open }, parseCid(row.msgCid))
  }

  private fail(what: string, err: unknown): void {
    this.lastError = `${what}: ${errorMessage(err)}`
    this.log.warn('window post step failed', { step: what, err: errorMessage(err) })
  }

  private async run(a: ProvingAction): Promise<void> {
    const d = a.deadline
    const k = { ...keyOf(d), periodStart: d.periodStart }
    const t0 = performance.now()
    try {
      const detail = await this.steps[a.step](d)
      this.log.info(`${a.step} done`, { deadline: d.index, open: d.open, ms: ms(t0), ...flat(detail.log) })
      if (!detail.cid) this.deps.store.record(a.step, k, 'done', { ...detail.log, ms: ms(t0) })
      else {
        this.deps.store.record(a.step, k, 'pending', { ...detail.log, ms: ms(t0) }, detail.cid.toString())
        this.track(a.step, k, detail.cid)
      }
    } catch (err) {
      this.fail(`${a.step} deadline ${d.index}`, err)
      this.deps.store.record(a.step, k, 'failed', { error: errorMessage(err), ms: ms(t0) })
    }
  }

  /** Waits for a sent message in the background and records how it landed. */
  private track(step: Step, k: { index: number; open: number }, cid: CID): void {
    const t0 = performance.now()
    this.tracked.add(cid.toString())
    const p = abortable(this.abort.signal, this.sender.wait(cid))
      .then((r) => {
        const state = r.exitCode === 0 ? 'done' : 'failed'
        this.deps.store.update(step, k, state, { exitCode: r.exitCode, landed: r.height, waitMs: ms(t0) })
        const fields = { deadline: k.index, cid: cid.toString(), exitCode: r.exitCode, height: r.height, ms: ms(t0) }
        if (state === 'done') this.log.info(`${step} message landed`, fields)
        else this.log.warn(`${step} message failed`, fields)
      })
      .catch((err) => {
        if (!this.abort.signal.aborted) this.fail(`waiting for ${step} message ${cid}`, err)
      })
      .finally(() => {
        this.waits.delete(p)
        this.tracked.delete(cid.toString())
      })
    this.waits.add(p)
  }

  private readonly steps: Record<Step, (d: DeadlineInfo) => Promise<{ log: Record<string, unknown>; cid?: CID }>> = {
    prove: async (d) => {
      const proof = await this.prove(d)
      return { log: summary(proof) }
    },
    submit: async (d) => {
      const proof = this.proofs.get(`${d.index}@${d.open}`) ?? (await this.prove(d))
      this.proofs.delete(`${d.index}@${d.open}`)
      if (!proof.proof || proof.partitions.length === 0) return { log: { ...summary(proof), nothing: true } }
      const chainCommitRand = await this.deps.api.StateGetRandomnessFromTickets(
        BigInt(DomainSeparationTag.PoStChainCommit),
        BigInt(d.open),
        new Uint8Array(0),
        TipSetKey.EMPTY,
      )
      const params = {
        deadline: d.index,
        partitions: proof.partitions,
        proofs: [proof.proof],
        chainCommitEpoch: d.open,
        chainCommitRand,
      }
      const maxFee = windowPoStMaxFee(this.deps.config)
      const sent = await this.sender.send(MinerMethod.SubmitWindowedPoSt, SubmitWindowedPoStParamsCodec, params, maxFee)
      return { log: { ...summary(proof), from: sent.from.toString(), cid: sent.cid.toString() }, cid: sent.cid }
    },
    declare: (d) => this.declare(d),
  }

  private async prove(d: DeadlineInfo): Promise<DeadlineProof> {
    const proof = await proveDeadline(this.prover, d, this.abort.signal)
    for (const s of proof.skipped)
      this.log.warn('sector skipped in window post', { deadline: d.index, sector: s.sector, reason: s.reason })
    this.proofs.set(`${d.index}@${d.open}`, proof)
    return proof
  }

  /** Checks a deadline's sectors; declares recoveries for faulty ones that pass and faults for live ones that fail. */
  private async declare(d: DeadlineInfo): Promise<{ log: Record<string, unknown>; cid?: CID }> {
    const parts = await this.view.partitions(d.index)
    const faults: SectorDeclaration[] = []
    const recoveries: SectorDeclaration[] = []
    const all = await this.view.sectors(BitField.unionAll(parts.map((p) => p.live)))
    const byNumber = new Map(all.map((s) => [s.number, s]))
    const reasons: Record<number, string> = {}
    parts.forEach((p, partition) => {
      const bad: number[] = []
      const good: number[] = []
      for (const n of p.live.toArray()) {
        const s = byNumber.get(n)
        if (!s) continue
        const r = checkProvable(this.minerId, s, this.deps.locate)
        const isFaulty = p.faulty.has(n)
        if (!r.ok && !isFaulty) {
          bad.push(n)
          reasons[n] = r.reason
        }
        if (r.ok && isFaulty && !p.recovering.has(n)) good.push(n)
      }
      if (bad.length > 0) faults.push({ deadline: d.index, partition, sectors: BitField.fromSet(bad) })
      if (good.length > 0) recoveries.push({ deadline: d.index, partition, sectors: BitField.fromSet(good) })
    })
    const log = {
      faults: faults.flatMap((f) => f.sectors.toArray()),
      recoveries: recoveries.flatMap((f) => f.sectors.toArray()),
      reasons,
    }
    const maxFee = windowPoStMaxFee(this.deps.config)
    let cid: CID | undefined
    if (recoveries.length > 0) {
      const sent = await this.sender.send(
        MinerMethod.DeclareFaultsRecovered,
        DeclareFaultsRecoveredParamsCodec,
        { recoveries },
        maxFee,
      )
      this.log.info(
        'declared recoveries',
        flat({ deadline: d.index, sectors: log.recoveries, cid: sent.cid.toString() }),
      )
      cid = sent.cid
    }
    if (faults.length > 0) {
      const sent = await this.sender.send(MinerMethod.DeclareFaults, DeclareFaultsParamsCodec, { faults }, maxFee)
      const fields = { deadline: d.index, sectors: log.faults, reasons, cid: sent.cid.toString() }
      this.log.warn('declared faults', flat(fields))
      if (cid) this.track('declare', keyOf(d), cid) // the recovery message is waited for on its own
      cid = sent.cid
    }
    return { log, cid }
  }
}

function summary(p: DeadlineProof): Record<string, unknown> {
  return {
    partitions: p.partitions.length,
    proven: p.proven.length,
    skipped: p.skipped.map((s) => s.sector),
    faulty: p.faulty,
  }
}

/** Log fields with lists and objects as JSON (the logger prints scalars). */
function flat(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : v]),
  )
}
