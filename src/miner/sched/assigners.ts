/**
 * Assigners (Lotus sched_assigner_utilization.go, sched_assigner_spread.go): given the windows that can
 * take a task, pick one. `utilization` (the default) picks the least loaded worker; `spread` the worker
 * with the fewest tasks. Both keep the selector's order on ties, so a worker holding the sector wins.
 */
import { InvalidError } from '../../util/errors.ts'

/** A window that can take the task, with what the choice needs to know. */
export interface Candidate {
  readonly workerId: string
  /** The selector prefers this worker. */
  readonly preferred: boolean
  /** Utilization of the worker with the task added (0..1+). */
  readonly utilization: number
  /** Tasks running, waiting or assigned on the worker. */
  readonly tasks: number
}

export type Assigner = (candidates: readonly Candidate[]) => number

function best(cands: readonly Candidate[], score: (c: Candidate) => number): number {
  let at = -1
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!
    if (at < 0) {
      at = i
      continue
    }
    const b = cands[at]!
    const s = score(c)
    const sb = score(b)
    if (s < sb || (s === sb && c.preferred && !b.preferred)) at = i
  }
  return at
}

/** Index of the chosen candidate, -1 when there is none. */
export const ASSIGNERS: Readonly<Record<'utilization' | 'spread', Assigner>> = {
  /** Among preferred workers when one can take it, the least utilized. */
  utilization: (cands) => {
    const pref = cands.filter((c) => c.preferred)
    if (pref.length > 0) return cands.indexOf(pref[best(pref, (c) => c.utilization)]!)
    return best(cands, (c) => c.utilization)
  },
  /** The worker with the fewest tasks. */
  spread: (cands) => best(cands, (c) => c.tasks),
}

export type AssignerName = keyof typeof ASSIGNERS

/** `LOTUS_SCHED_ASSIGNER` (default utilization). */
export function assignerFromEnv(env: Readonly<Record<string, string | undefined>>): AssignerName {
  const v = env.LOTUS_SCHED_ASSIGNER ?? 'utilization'
  if (v === '') return 'utilization'
  if (v !== 'utilization' && v !== 'spread') {
    throw new InvalidError(`LOTUS_SCHED_ASSIGNER='${v}': expected utilization or spread`)
  }
  return v
}
