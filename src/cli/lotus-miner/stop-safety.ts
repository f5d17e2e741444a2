/**
 * Whether `lotus-miner stop` may halt the miner now: not while a deadline holding sectors is open or opens
 * within the `[Proving] MaintenanceMarginEpochs` margin (its WindowPoSt would be missed and its sectors
 * marked faulty), and if not, when the next safe maintenance window starts.
 */
import type { DeadlineInfo } from '../../miner/proving/chain-view.ts'
import { deadlineAfter, nextSafeEpoch } from '../../miner/proving/timing.ts'
import { epochTime } from './proving-format.ts'

export interface StopVerdict {
  readonly safe: boolean
  readonly message: string
}

/** `sectors(index)`: the live sectors of each deadline. */
export function stopVerdict(
  di: DeadlineInfo,
  sectors: (index: number) => number,
  margin: number,
  blockDelaySecs: number,
): StopVerdict {
  const busy = (i: number) => sectors(i) > 0
  const h = di.currentEpoch
  const safeAt = nextSafeEpoch(di, busy, margin)
  if (safeAt === h) return { safe: true, message: 'no deadline holding sectors is open or about to open' }
  const et = (e: number) => epochTime(h, e, blockDelaySecs)
  const reasons: string[] = []
  for (let k = 0; k <= di.wpostPeriodDeadlines; k++) {
    const d = deadlineAfter(di, k)
    if (d.open - margin > h) break
    if (!busy(d.index) || d.close <= h) continue
    reasons.push(
      d.open <= h
        ? `deadline ${d.index} (${sectors(d.index)} sectors) is open until epoch ${et(d.close)}`
        : `deadline ${d.index} (${sectors(d.index)} sectors) opens at epoch ${et(d.open)}`,
    )
  }
  const when =
    safeAt === undefined
      ? 'every deadline holds sectors: there is no safe window'
      : `the next safe window starts at epoch ${et(safeAt)}`
  return { safe: false, message: `refusing to stop the miner: ${reasons.join('; ')}; ${when} (--force stops anyway)` }
}
