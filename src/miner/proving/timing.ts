/**
 * When to do what, as a pure function of the head's proving deadline (Lotus storage/wdpost): a deadline's
 * WindowPoSt is computed once the head is past its challenge epoch (Challenge + 1, so the beacon entry it
 * draws from is final enough), submitted once the head is at Open + 4 or later and before Close; faults and
 * recoveries are checked and declared for the deadline two ahead, before its fault cutoff. A deadline
 * occurrence is named by its index and its open epoch, so the plan is the same after a restart.
 */
import type { DeadlineInfo } from './chain-view.ts'

/** Epochs past the challenge epoch before the proof is computed (Lotus ChallengeConfidence). */
export const CHALLENGE_CONFIDENCE = 1
/** Epochs past Open before the proof is submitted (Lotus SubmitConfidence). */
export const SUBMIT_CONFIDENCE = 4
/** Faults and recoveries are declared for the deadline this many ahead of the current one. */
export const DECLARE_AHEAD = 2

export type Step = 'prove' | 'submit' | 'declare'

/** One deadline occurrence: its index and open epoch. */
export interface DeadlineKey {
  readonly index: number
  readonly open: number
}

export interface ProvingAction {
  readonly step: Step
  readonly deadline: DeadlineInfo
}

/** What was done already, per step and deadline occurrence (the persisted progress). */
export type StepDone = (step: Step, key: DeadlineKey) => boolean

/** The deadline `offset` places after `d` (rolling into the next proving periods), seen at d's epoch. */
export function deadlineAfter(d: DeadlineInfo, offset: number): DeadlineInfo {
  const abs = d.index + offset
  const periods = Math.floor(abs / d.wpostPeriodDeadlines)
  const index = abs - periods * d.wpostPeriodDeadlines
  const periodStart = d.periodStart + periods * d.wpostProvingPeriod
  const open = periodStart + index * d.wpostChallengeWindow
  return {
    ...d,
    periodStart,
    index,
    open,
    close: open + d.wpostChallengeWindow,
    challenge: open - d.wpostChallengeLookback,
    faultCutoff: open - d.faultDeclarationCutoff,
  }
}

export const keyOf = (d: DeadlineInfo): DeadlineKey => ({ index: d.index, open: d.open })

/**
 * The steps due at the head epoch of `cur` (the current, not yet elapsed deadline), in the order to run
 * them: the current deadline's proof and submission first (its time is the shortest), then the next
 * deadline's proof, then declarations.
 */
export function dueActions(cur: DeadlineInfo, done: StepDone): ProvingAction[] {
  const h = cur.currentEpoch
  const out: ProvingAction[] = []
  const next = deadlineAfter(cur, 1)
  for (const d of [cur, next]) {
    if (h < d.challenge + CHALLENGE_CONFIDENCE || h >= d.close) continue
    if (!done('prove', keyOf(d))) out.push({ step: 'prove', deadline: d })
    if (d === cur && h >= d.open + SUBMIT_CONFIDENCE && !done('submit', keyOf(d)))
      out.push({ step: 'submit', deadline: d })
  }
  const ahead = deadlineAfter(cur, DECLARE_AHEAD)
  if (h < ahead.faultCutoff && !done('declare', keyOf(ahead))) out.push({ step: 'declare', deadline: ahead })
  return out
}

/**
 * The first epoch at or after the head's from which `margin` epochs hold no open deadline that has sectors
 * (`busy(index)`), i.e. when a miner may be stopped for maintenance; the head epoch itself when it is safe now.
 * Looks one full proving period ahead; undefined when every deadline is busy.
 */
export function nextSafeEpoch(cur: DeadlineInfo, busy: (index: number) => boolean, margin: number): number | undefined {
  const h = cur.currentEpoch
  // Busy windows: [open - margin, close) of every deadline holding sectors, current and later.
  const windows: [number, number][] = []
  for (let k = 0; k <= cur.wpostPeriodDeadlines; k++) {
    const d = deadlineAfter(cur, k)
    if (busy(d.index)) windows.push([d.open - margin, d.close])
  }
  let t = h
  for (const [s, e] of windows) {
    if (t < s) return t
    if (t < e) t = e
  }
  return windows.length > cur.wpostPeriodDeadlines ? undefined : t
}
