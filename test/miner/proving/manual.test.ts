/**
 * ComputeWindowPoSt on real pre-sealed 2KiB sectors: which occurrence of a deadline is proven (Lotus
 * ComputePoSt), the parameters it returns (a proof the chain's verifier accepts), an empty answer for a deadline
 * with nothing to prove, a clear refusal of an index out of range, and a computed proof that does not verify
 * refused before anyone could send it.
 */
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { encodeCbor } from '../../../src/core/cbor/encode.ts'
import { TipSetKey } from '../../../src/core/tipset-key.ts'
import { DomainSeparationTag } from '../../../src/crypto/randomness.ts'
import { chainView } from '../../../src/miner/proving/chain-view.ts'
import { localWindowPoSt } from '../../../src/miner/proving/compute.ts'
import { computeWindowPoSt, lastOccurrence } from '../../../src/miner/proving/manual.ts'
import { BadWindowPoStError, type ComputeWindowPoSt, type ProverDeps } from '../../../src/miner/proving/prover.ts'
import { verifyWindowPoStInfo } from '../../../src/proofs/post/verifier.ts'
import { beaconRand, dirLocator, FakeDaemon, infoAt, MINER, type Sealed, sealedSectors } from './fixture.ts'

let s: Sealed
before(async () => {
  s = await sealedSectors()
})
after(() => {
  if (s) rmSync(s.dir, { recursive: true, force: true })
})

function deps(d: FakeDaemon, compute: ComputeWindowPoSt = localWindowPoSt): ProverDeps {
  const api = d.api
  return { api, view: chainView(api, MINER), miner: MINER, minerId: 1000, locate: dirLocator(s.dir), compute }
}
const signal = new AbortController().signal

describe('ComputeWindowPoSt', () => {
  it('takes the current period for this deadline or an earlier one, the previous period for a later one', () => {
    const cur = infoAt(52) // deadline 4 of the period starting at 3, open at 43
    assert.equal(cur.index, 4)
    assert.deepEqual(
      [4, 0, 47].map((i) => {
        const d = lastOccurrence(cur, i)
        return [d.index, d.open, d.challenge]
      }),
      [
        [4, 43, 41],
        [0, 3, 1],
        [47, 3 - 480 + 470, 3 - 480 + 468],
      ],
    )
  })

  it("returns the deadline's parameters with a proof the chain accepts, without sending anything", async () => {
    const d = new FakeDaemon(s)
    d.height = 52
    d.deadlines.set(1, [{ sectors: [0, 1] }, { sectors: [2] }])
    const [post, ...more] = await computeWindowPoSt(deps(d), 1, TipSetKey.EMPTY, signal)
    assert.equal(more.length, 0)
    assert.ok(post)
    assert.equal(post.deadline, 1)
    assert.deepEqual(
      post.partitions.map((p) => [p.index, p.skipped.toArray()]),
      [
        [0, []],
        [1, []],
      ],
    )
    const challenge = lastOccurrence(infoAt(52), 1).challenge
    const ok = verifyWindowPoStInfo({
      randomness: beaconRand(DomainSeparationTag.WindowedPoStChallengeSeed, challenge, encodeCbor(MINER.bytes)),
      proofs: post.proofs,
      challengedSectors: [0, 1, 2].map((n) => ({ sealProof: 5, sectorNumber: n, sealedCid: s.sectors[n]!.commR })),
      prover: 1000,
    })
    assert.equal(ok, true)
    assert.equal(d.pushed.length, 0, 'no message')
  })

  it('answers [] for a deadline without sectors, and refuses an index out of range by name', async () => {
    const d = new FakeDaemon(s)
    d.height = 52
    assert.deepEqual(await computeWindowPoSt(deps(d), 7, TipSetKey.EMPTY, signal), [])
    await assert.rejects(
      computeWindowPoSt(deps(d), 48, TipSetKey.EMPTY, signal),
      /deadline index 48 is out of range: the miner has deadlines 0\.\.47/,
    )
  })

  it('refuses a computed proof that does not verify (a worker proving with other randomness)', async () => {
    const d = new FakeDaemon(s)
    d.height = 52
    d.deadlines.set(4, [{ sectors: [0, 1] }])
    const wrong: ComputeWindowPoSt = (job, sig) =>
      localWindowPoSt({ ...job, randomness: job.randomness.map((b, i) => (i === 0 ? b ^ 1 : b)) }, sig)
    await assert.rejects(computeWindowPoSt(deps(d, wrong), 4, TipSetKey.EMPTY, signal), (e: unknown) => {
      assert.ok(e instanceof BadWindowPoStError)
      assert.match(e.message, /the WindowPoSt computed for deadline 4 does not verify: not submitted/)
      return true
    })
  })
})
