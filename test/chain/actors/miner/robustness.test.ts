import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import { Bench } from './harness.ts'
import { postParams, preCommitInfo, preCommitParams, proveParams, sealSectors } from './flow.ts'

/** xorshift32: a fixed sequence, so a failure reproduces. */
function rng(seed: number): () => number {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

describe('StorageMiner: mutated parameters', () => {
  it('every method answers mutated parameters with an exit code, never a crash', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    await sealSectors(b, miner, [1])
    const seeds: [number, Uint8Array][] = [
      [MinerMethod.PreCommitSectorBatch2, preCommitParams([preCommitInfo(b, 2)])],
      [MinerMethod.ProveCommitSectors3, proveParams([1])],
      [MinerMethod.SubmitWindowedPoSt, postParams(b, 0, [0])],
    ]
    const random = rng(7)
    let failures = 0
    for (const [method, seed] of seeds)
      for (let i = 0; i < 40; i++) {
        const bytes = seed.slice()
        const flips = 1 + Math.floor(random() * 3)
        for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
        const r = await b.send(0, miner, method, bytes)
        if (r.receipt.exitCode !== 0) failures++
      }
    const noParams: number[] = [MinerMethod.ControlAddresses, MinerMethod.ConfirmChangeWorkerAddress]
    for (const method of Object.values(MinerMethod)) {
      if (noParams.includes(method)) continue
      const r = await b.send(0, miner, method, Uint8Array.of(0x83, 0x01, 0x02))
      assert.notEqual(r.receipt.exitCode, 0, `method ${method} accepted garbage`)
    }
    assert.ok(failures > 0)
    await b.assertConserved()
  })
})
