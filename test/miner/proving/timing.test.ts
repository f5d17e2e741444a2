/** The tracker's timing decisions over a sequence of heads (devnet policy: 48 deadlines of 10 epochs). */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DeadlineInfo } from '../../../src/miner/proving/chain-view.ts'
import {
  type DeadlineKey,
  deadlineAfter,
  dueActions,
  nextSafeEpoch,
  type Step,
} from '../../../src/miner/proving/timing.ts'

const N = 48
const W = 10
/** The deadline info the daemon reports at `epoch` for a miner whose period starts at `offset`. */
function infoAt(epoch: number, offset = 3): DeadlineInfo {
  const period = N * W
  const periodStart = epoch - ((((epoch - offset) % period) + period) % period)
  const index = Math.floor((epoch - periodStart) / W)
  const open = periodStart + index * W
  return {
    currentEpoch: epoch,
    periodStart,
    index,
    open,
    close: open + W,
    challenge: open - 2,
    faultCutoff: open - 3,
    wpostPeriodDeadlines: N,
    wpostProvingPeriod: period,
    wpostChallengeWindow: W,
    wpostChallengeLookback: 2,
    faultDeclarationCutoff: 3,
  }
}

/** Runs the heads from..to, marking each due step done; returns [epoch, step, deadline index, open] rows. */
function simulate(from: number, to: number, skip: (e: number) => boolean = () => false) {
  const done = new Set<string>()
  const key = (s: Step, k: DeadlineKey) => `${s}/${k.index}/${k.open}`
  const log: [number, Step, number, number][] = []
  for (let e = from; e <= to; e++) {
    if (skip(e)) continue
    for (const a of dueActions(infoAt(e), (s, k) => done.has(key(s, k)))) {
      done.add(key(a.step, a.deadline))
      log.push([e, a.step, a.deadline.index, a.deadline.open])
    }
  }
  return log
}

describe('proving timing', () => {
  it('deadlineAfter rolls into the next proving period', () => {
    const d = infoAt(3 + 47 * W + 1) // last deadline of the first period
    assert.equal(d.index, 47)
    const n = deadlineAfter(d, 1)
    assert.equal(n.index, 0)
    assert.equal(n.periodStart, d.periodStart + N * W)
    assert.equal(n.open, d.close)
    assert.equal(deadlineAfter(d, 2).index, 1)
    assert.equal(deadlineAfter(d, 2).faultCutoff, d.close + W - 3)
  })

  it('proves at Challenge+1, submits at Open+4, declares two deadlines ahead, each once', () => {
    // Deadline 5 of the period starting at 3 opens at 53; its challenge is 51.
    const log = simulate(40, 70)
    const of = (step: Step, idx: number) => log.filter((r) => r[1] === step && r[2] === idx).map((r) => r[0])
    assert.deepEqual(of('prove', 5), [52])
    assert.deepEqual(of('submit', 5), [57])
    assert.deepEqual(of('prove', 6), [62])
    assert.deepEqual(of('submit', 6), [67])
    // Deadline 7 (opens 73, cutoff 70) is checked when deadline 5 starts (epoch 53), before its cutoff.
    assert.deepEqual(of('declare', 7), [53])
    for (const [, , idx, open] of log) assert.equal((open - 3) % W, 0, `deadline ${idx} opens on the grid`)
    // Nothing happens twice.
    assert.equal(new Set(log.map((r) => `${r[1]}/${r[3]}`)).size, log.length)
  })

  it('after missed heads (a restart mid-deadline) the proof is made and sent at once, and nothing after Close', () => {
    const log = simulate(40, 70, (e) => e >= 50 && e < 59)
    const at59 = log.filter((r) => r[0] === 59).map((r) => `${r[1]}:${r[2]}`)
    assert.deepEqual(at59, ['prove:5', 'submit:5', 'declare:7'])
    // Deadline 5 closes at 63: a miner back only at 63 does not prove it.
    const late = simulate(40, 70, (e) => e >= 50 && e < 63)
    assert.ok(!late.some((r) => r[2] === 5 && r[1] !== 'declare'))
    // ...and the declaration of deadline 8 (cutoff 80) still happens.
    assert.ok(late.some((r) => r[1] === 'declare' && r[2] === 8))
  })

  it('nextSafeEpoch: busy while a deadline with sectors is open or opens within the margin', () => {
    const busy = (i: number) => i === 5 || i === 6
    // Deadline 5 opens at 53: at 40 with margin 5 it is safe now.
    assert.equal(nextSafeEpoch(infoAt(40), busy, 5), 40)
    // At 50, deadline 5 opens within 5 epochs: safe again when deadline 6 closes (73).
    assert.equal(nextSafeEpoch(infoAt(50), busy, 5), 73)
    assert.equal(nextSafeEpoch(infoAt(60), busy, 5), 73)
    assert.equal(
      nextSafeEpoch(infoAt(60), () => false, 5),
      60,
    )
    assert.equal(
      nextSafeEpoch(infoAt(60), () => true, 5),
      undefined,
    )
  })
})
