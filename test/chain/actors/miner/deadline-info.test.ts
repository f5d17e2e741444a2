import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Address } from '../../../../src/core/address.ts'
import {
  assignProvingPeriodOffset,
  currentProvingPeriodStart,
  deadlineInfoAt,
  deadlineInfoToJson,
  declarationDeadlineInfo,
  newDeadlineInfo,
  nextNotElapsed,
} from '../../../../src/chain/actors/miner/deadline-info.ts'
import { minerPolicyFromProfile } from '../../../../src/chain/actors/miner/policy.ts'
import { mainnet } from '../../../../src/params/profiles.ts'

const P = minerPolicyFromProfile(mainnet)

describe('StorageMiner proving-period arithmetic', () => {
  it('matches builtin-actors deadline_info on mainnet numbers', () => {
    const d = newDeadlineInfo(P, 1000, 3, 1200)
    assert.deepEqual([d.open, d.close, d.challenge, d.faultCutoff], [1180, 1240, 1160, 1110])
    const after = newDeadlineInfo(P, 1000, 48, 1200)
    assert.deepEqual([after.open, after.close, after.challenge, after.faultCutoff], [3880, 3880, 3880, 0])
    // Elapsed: moves whole periods forward.
    const late = nextNotElapsed(P, newDeadlineInfo(P, 1000, 3, 1000 + 2880 * 2 + 500))
    assert.equal(late.periodStart, 1000 + 2880 * 3)
    assert.equal(declarationDeadlineInfo(P, 1000, 3, 1239).periodStart, 1000)
    assert.equal(declarationDeadlineInfo(P, 1000, 3, 1240).periodStart, 3880)
  })

  it('assigns period starts at or before the current epoch, by offset', () => {
    for (const [epoch, offset, start] of [
      [0, 0, 0],
      [100, 50, 50],
      [100, 150, 100 - (2880 - 50)],
      [5000, 10, 2890],
    ] as const)
      assert.equal(currentProvingPeriodStart(P, epoch, offset), start)
    const off = assignProvingPeriodOffset(P, Address.fromId(1000), 0)
    assert.ok(off >= 0 && off < 2880)
    assert.notEqual(off, assignProvingPeriodOffset(P, Address.fromId(1001), 0), 'depends on the address')
    const d = deadlineInfoAt(P, 2890, 5000)
    assert.equal(d.periodStart, 2890)
    assert.equal(d.index, Math.floor((5000 - 2890) / 60))
    assert.deepEqual(Object.keys(deadlineInfoToJson(d)), [
      'CurrentEpoch',
      'PeriodStart',
      'Index',
      'Open',
      'Close',
      'Challenge',
      'FaultCutoff',
      'WPoStPeriodDeadlines',
      'WPoStProvingPeriod',
      'WPoStChallengeWindow',
      'WPoStChallengeLookback',
      'FaultDeclarationCutoff',
    ])
  })
})
