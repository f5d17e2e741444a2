/** The devnet's environment overrides and the network policy built from a profile. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { minerPolicyOf, networkPolicy } from '../../src/chain/actors/miner/policy.ts'
import { BLOCK_DELAY_ENV, CHALLENGE_WINDOW_ENV, devnet, devnetFromEnv } from '../../src/params/profiles.ts'

describe('devnetFromEnv', () => {
  it('applies the epoch and deadline overrides, and nothing else', () => {
    assert.deepEqual(devnetFromEnv({}), devnet)
    const p = devnetFromEnv({ [BLOCK_DELAY_ENV]: '2', [CHALLENGE_WINDOW_ENV]: '8' })
    assert.deepEqual(p, { ...devnet, blockDelaySecs: 2, wpostChallengeWindow: 8 })
  })
  it('refuses values out of range, naming the variable', () => {
    for (const [k, v] of [
      [BLOCK_DELAY_ENV, '1'],
      [BLOCK_DELAY_ENV, '2.5'],
      [CHALLENGE_WINDOW_ENV, '7'],
      [CHALLENGE_WINDOW_ENV, '61'],
      [CHALLENGE_WINDOW_ENV, 'ten'],
    ] as const)
      assert.throws(() => devnetFromEnv({ [k]: v }), new RegExp(`${k}="${v}": expected whole`))
  })
})

describe('networkPolicy', () => {
  it("carries the profile's deadlines into the miner policy the actors read", () => {
    const policy = networkPolicy(devnetFromEnv({ [CHALLENGE_WINDOW_ENV]: '8' }))
    const miner = minerPolicyOf(policy)
    assert.equal(miner.wpostChallengeWindow, 8)
    assert.equal(miner.wpostProvingPeriod, 48 * 8)
    assert.equal(policy.expectedLeadersPerEpoch, devnet.expectedLeadersPerEpoch)
    assert.equal(minerPolicyOf(networkPolicy(devnet)).wpostProvingPeriod, 480)
  })
})
