import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { computeGasOutputs, gasOverestimationBurn } from '../../../src/chain/vm/fees.ts'

describe('fee arithmetic (Lotus ComputeGasOutputs)', () => {
  it('burns no over-estimation within 110% of the gas used', () => {
    assert.deepEqual(gasOverestimationBurn(1000n, 1100n), [100n, 0n])
    assert.deepEqual(gasOverestimationBurn(1000n, 1000n), [0n, 0n])
  })

  it('burns part of a larger over-estimation', () => {
    // over = 2000 - 1100 = 900; burn = 900 * 1000 / 1000 = 900; refund = 1000 - 900 = 100
    assert.deepEqual(gasOverestimationBurn(1000n, 2000n), [100n, 900n])
    // over capped at gasUsed: limit 10000, used 1000 -> over = min(8900, 1000) = 1000; burn = 1000*9000/1000
    assert.deepEqual(gasOverestimationBurn(1000n, 10000n), [0n, 9000n])
    assert.deepEqual(gasOverestimationBurn(0n, 500n), [0n, 500n])
  })

  it('splits base fee burn, tip and refund, summing to gasLimit x feeCap', () => {
    const o = computeGasOutputs(1000n, 2000n, 100n, 300n, 50n)
    assert.equal(o.baseFeeBurn, 100_000n)
    assert.equal(o.minerTip, 50n * 2000n)
    assert.equal(o.overEstimationBurn, 100n * 900n)
    assert.equal(o.minerPenalty, 0n)
    assert.equal(o.baseFeeBurn + o.minerTip + o.overEstimationBurn + o.refund, 2000n * 300n)
  })

  it('caps the tip at feeCap - baseFee and penalises the miner when baseFee > feeCap', () => {
    const capped = computeGasOutputs(1000n, 1000n, 100n, 120n, 50n)
    assert.equal(capped.minerTip, 20n * 1000n)
    const under = computeGasOutputs(1000n, 1000n, 200n, 150n, 10n)
    assert.equal(under.baseFeeBurn, 150n * 1000n)
    assert.equal(under.minerTip, 0n)
    assert.equal(under.minerPenalty, 50n * 1000n)
    assert.equal(under.refund, 0n)
  })
})
