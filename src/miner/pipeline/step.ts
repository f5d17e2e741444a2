/**
 * What a pipeline step is given and what it answers: a step runs the work of one state for one sector and
 * resolves with the event (Lotus's event names) that leaves the state, with the fields to record. A step
 * is idempotent: it may be run again after a crash at any point, so it first looks for what an earlier
 * run left behind (a call's stored result, a message CID, a precommit already on chain).
 */
import type { Address } from '../../core/address.ts'
import { InvalidError } from '../../util/errors.ts'
import type { TaskType } from '../../worker/task-types.ts'
import type { SectorRef } from '../../worker/worker.ts'
import type { AddressConfig } from './address-selector.ts'
import type { PipelineApi } from './chain-api.ts'
import type { SealingPolicy } from './policy.ts'
import type { SectorData, SectorRecord } from './sector-store.ts'

/** The scheduler as the pipeline sees it: the same work asked twice joins one call or gets its stored result. */
export interface SealScheduler {
  schedule(sector: SectorRef, task: TaskType, args: unknown): Promise<unknown>
}

export interface StepContext {
  readonly api: PipelineApi
  /** The miner actor (ID address) and its actor id. */
  readonly maddr: Address
  readonly minerId: number
  readonly sched: SealScheduler
  readonly addresses: AddressConfig
  readonly policy: SealingPolicy
  /** Removes a sector's files from every storage path (Removing). */
  readonly removeFiles: (sector: SectorRef) => Promise<void>
  /** Aborted when the pipeline closes or the user moves the sector. */
  readonly signal: AbortSignal
  /** Waits `ms`, rejecting when `signal` aborts. */
  sleep(ms: number): Promise<void>
}

export interface Outcome {
  /** The event, a key of the state's `on` table. */
  readonly event: string
  readonly data?: Partial<SectorData>
  /** Detail for the sector's log. */
  readonly message?: string
}

export type Step = (ctx: StepContext, sector: SectorRecord) => Promise<Outcome>

/** The scheduler's sector reference for a pipeline sector. */
export function sectorRef(ctx: StepContext, s: SectorRecord): SectorRef {
  return { miner: ctx.minerId, number: s.number, proof: s.sealProof }
}

/** Reads a field a step needs that an earlier state should have recorded. */
export function need<K extends keyof SectorData>(s: SectorRecord, k: K): NonNullable<SectorData[K]> {
  const v = s[k]
  if (v === null || v === undefined) throw new MissingFieldError(s, k)
  return v as NonNullable<SectorData[K]>
}

/** A sector reached a state without a field an earlier state records (e.g. forced there by update-state). */
export class MissingFieldError extends InvalidError {
  constructor(s: SectorRecord, k: string) {
    super(`sector ${s.number} in ${s.state} has no ${k} (an earlier state records it)`)
    this.name = 'MissingFieldError'
  }
}

/** Waits `ms`, rejecting when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
