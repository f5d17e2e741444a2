/**
 * Proving-period arithmetic (`builtin-actors:actors/miner/src/deadline_info.rs` and lib.rs
 * `assign_proving_period_offset`, `current_proving_period_start`, `current_deadline_index`), shaped as
 * Lotus's `dline.Info` for the API.
 */
import type { Address } from '../../../core/address.ts'
import { encodeCbor } from '../../../core/cbor/encode.ts'
import { blake2b256 } from '../../../core/cid.ts'
import { concatBytes, i64be } from '../../../util/bytes.ts'
import type { MinerPolicy } from './policy.ts'

export interface DeadlineInfo {
  currentEpoch: number
  periodStart: number
  index: number
  open: number
  close: number
  challenge: number
  faultCutoff: number
  wpostPeriodDeadlines: number
  wpostProvingPeriod: number
  wpostChallengeWindow: number
  wpostChallengeLookback: number
  faultDeclarationCutoff: number
}

/** The deadline `index` of the period starting at `periodStart`, seen at `currentEpoch`. */
export function newDeadlineInfo(
  p: MinerPolicy,
  periodStart: number,
  index: number,
  currentEpoch: number,
): DeadlineInfo {
  const base = {
    currentEpoch,
    periodStart,
    index,
    wpostPeriodDeadlines: p.wpostPeriodDeadlines,
    wpostProvingPeriod: p.wpostProvingPeriod,
    wpostChallengeWindow: p.wpostChallengeWindow,
    wpostChallengeLookback: p.wpostChallengeLookback,
    faultDeclarationCutoff: p.faultDeclarationCutoff,
  }
  if (index < p.wpostPeriodDeadlines) {
    const open = periodStart + index * p.wpostChallengeWindow
    return {
      ...base,
      open,
      close: open + p.wpostChallengeWindow,
      challenge: open - p.wpostChallengeLookback,
      faultCutoff: open - p.faultDeclarationCutoff,
    }
  }
  const after = periodStart + p.wpostProvingPeriod
  return { ...base, open: after, close: after, challenge: after, faultCutoff: 0 }
}

export const isOpen = (d: DeadlineInfo): boolean => d.currentEpoch >= d.open && d.currentEpoch < d.close
export const hasElapsed = (d: DeadlineInfo): boolean => d.currentEpoch >= d.close
export const lastEpoch = (d: DeadlineInfo): number => d.close - 1
export const faultCutoffPassed = (d: DeadlineInfo): boolean => d.currentEpoch >= d.faultCutoff
export const periodStarted = (d: DeadlineInfo): boolean => d.currentEpoch >= d.periodStart

/** The same deadline in the first proving period whose window has not closed at its current epoch. */
export function nextNotElapsed(p: MinerPolicy, d: DeadlineInfo): DeadlineInfo {
  if (!hasElapsed(d)) return d
  const periods = 1 + Math.floor((d.currentEpoch - d.close) / p.wpostProvingPeriod)
  return newDeadlineInfo(p, d.periodStart + p.wpostProvingPeriod * periods, d.index, d.currentEpoch)
}

/** blake2b(CBOR(address) ‖ i64be(epoch)), its first 8 bytes big-endian, mod the proving period. */
export function assignProvingPeriodOffset(p: MinerPolicy, addr: Address, epoch: number): number {
  const addrCbor = encodeCbor(addr.bytes)
  const digest = blake2b256(concatBytes(addrCbor, i64be(BigInt(epoch))))
  const view = new DataView(digest.buffer, digest.byteOffset, 8)
  return Number(view.getBigUint64(0) % BigInt(p.wpostProvingPeriod))
}

/** The start of the proving period containing `epoch` with the given offset (never after `epoch`). */
export function currentProvingPeriodStart(p: MinerPolicy, epoch: number, offset: number): number {
  const mod = ((epoch % p.wpostProvingPeriod) + p.wpostProvingPeriod) % p.wpostProvingPeriod
  const progress = mod >= offset ? mod - offset : p.wpostProvingPeriod - (offset - mod)
  return epoch - progress
}

export function currentDeadlineIndex(p: MinerPolicy, epoch: number, periodStart: number): number {
  return Math.floor((epoch - periodStart) / p.wpostChallengeWindow)
}

/** The deadline a miner is in at `epoch`, from its state's period start (`State::deadline_info`). */
export function deadlineInfoAt(p: MinerPolicy, provingPeriodStart: number, epoch: number): DeadlineInfo {
  const start = currentProvingPeriodStart(
    p,
    epoch,
    ((provingPeriodStart % p.wpostProvingPeriod) + p.wpostProvingPeriod) % p.wpostProvingPeriod,
  )
  const idx = currentDeadlineIndex(p, epoch, start)
  return newDeadlineInfo(p, start, idx, epoch)
}

/** For a fault/recovery declaration: this period's deadline if not yet elapsed, else the next period's. */
export function declarationDeadlineInfo(
  p: MinerPolicy,
  periodStart: number,
  index: number,
  epoch: number,
): DeadlineInfo {
  return nextNotElapsed(p, newDeadlineInfo(p, periodStart, index, epoch))
}

/** Lotus's JSON for `dline.Info` (StateMinerProvingDeadline). */
export function deadlineInfoToJson(d: DeadlineInfo): Record<string, number> {
  return {
    CurrentEpoch: d.currentEpoch,
    PeriodStart: d.periodStart,
    Index: d.index,
    Open: d.open,
    Close: d.close,
    Challenge: d.challenge,
    FaultCutoff: d.faultCutoff,
    WPoStPeriodDeadlines: d.wpostPeriodDeadlines,
    WPoStProvingPeriod: d.wpostProvingPeriod,
    WPoStChallengeWindow: d.wpostChallengeWindow,
    WPoStChallengeLookback: d.wpostChallengeLookback,
    FaultDeclarationCutoff: d.faultDeclarationCutoff,
  }
}
