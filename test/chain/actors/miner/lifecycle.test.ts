import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeCbor } from '../../../../src/core/cbor/encode.ts'
import { ExitCode } from '../../../../src/core/exit-code.ts'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import { zeroCommD } from '../../../../src/chain/actors/miner/cid-prefix.ts'
import { minerInfo, sectorCount, sectorInfo } from '../../../../src/chain/actors/miner/queries.ts'
import { GetControlAddressesReturnCodec } from '../../../../src/chain/actors/miner/types.ts'
import { BatchReturnCodec } from '../../../../src/chain/actors/miner/types-sectors.ts'
import { DEVNET_MINER_POLICY } from '../../../../src/chain/actors/miner/policy.ts'
import { beaconRand, Bench, sealedCid, ticketRand } from './harness.ts'
import {
  locate,
  nextDeadline,
  postParams,
  preCommitInfo,
  preCommitParams,
  proveDeadlineOf,
  proveParams,
  sealSectors,
} from './flow.ts'

describe('StorageMiner: precommit, prove-commit, WindowPoSt', () => {
  it('creates a miner, seals a sector through the verifier hooks and gains power on its first PoSt', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    const store = b.vm.deps.store
    const info = await minerInfo(store, await b.head(miner))
    assert.equal(info.owner.toString(), b.s.ids[0]!.toString())
    assert.equal(info.sectorSize, 2048n)
    assert.equal(info.windowPoStPartitionSectors, 2n)
    const ca = await b.ok(1, miner, MinerMethod.ControlAddresses, new Uint8Array(0), GetControlAddressesReturnCodec)
    assert.deepEqual(ca, { owner: b.s.ids[0], worker: b.s.ids[0], controlAddresses: [] })

    // A non-controlling account may not precommit.
    const pcEpoch = b.epoch
    const pc = preCommitInfo(b, 7)
    await b.fails(1, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([pc]), ExitCode.ErrForbidden)
    await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([pc]))
    let st = await b.minerState(miner)
    assert.ok(st.preCommitDeposits > 0n)
    assert.ok(st.allocatedSectors.has(7))
    assert.equal(st.deadlineCronActive, true)
    await b.fails(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([pc]), ExitCode.ErrIllegalArgument)

    // Too early, then a rejected proof, then an accepted one.
    await b.fails(0, miner, MinerMethod.ProveCommitSectors3, proveParams([7]), ExitCode.ErrForbidden)
    await b.advanceTo(pcEpoch + b.policy.preCommitChallengeDelay + 1)
    b.verifier.acceptSeal = false
    await b.fails(0, miner, MinerMethod.ProveCommitSectors3, proveParams([7]), ExitCode.ErrIllegalArgument)
    b.verifier.acceptSeal = true
    const ret = await b.ok(0, miner, MinerMethod.ProveCommitSectors3, proveParams([7]), BatchReturnCodec)
    assert.deepEqual(ret, { successCount: 1, failCodes: [] })
    const seal = b.verifier.seals.at(-1)!
    const entropy = encodeCbor(miner.bytes)
    assert.equal(seal.sealProof, 5)
    assert.equal(seal.miner.toString(), miner.toString())
    assert.equal(seal.sectorNumber, 7n)
    assert.deepEqual(seal.randomness, ticketRand(5, pc.sealRandEpoch, entropy))
    assert.deepEqual(seal.interactiveRandomness, beaconRand(6, pcEpoch + b.policy.preCommitChallengeDelay, entropy))
    assert.ok(seal.sealedCid.equals(sealedCid(7)))
    assert.ok(seal.unsealedCid.equals(zeroCommD(5)))
    assert.deepEqual(seal.proof, new TextEncoder().encode('seal-proof-7'))

    st = await b.minerState(miner)
    assert.equal(st.preCommitDeposits, 0n)
    assert.ok(st.initialPledge > 0n)
    const sector = (await sectorInfo(store, await b.head(miner), 7))!
    assert.equal(sector.activation, b.epoch)
    assert.equal(sector.initialPledge, st.initialPledge)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 0n, 'unproven: no power yet')
    assert.equal((await b.claim(miner)).st.totalPledgeCollateral, st.initialPledge)
    // Proving it again fails: the precommit is gone.
    await b.fails(0, miner, MinerMethod.ProveCommitSectors3, proveParams([7]), ExitCode.ErrNotFound)

    // WindowPoSt: wrong deadline, bad chain commit randomness, rejected proof, then accepted.
    const { deadline, partition } = await locate(b, miner, 7)
    const di = await nextDeadline(b, miner, deadline)
    await b.advanceTo(di.open)
    const other = (deadline + 1) % b.policy.wpostPeriodDeadlines
    await b.fails(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, other, [0]), ExitCode.ErrIllegalArgument)
    const bad = postParams(b, deadline, [partition])
    bad[bad.length - 1] = bad.at(-1)! ^ 1
    await b.fails(0, miner, MinerMethod.SubmitWindowedPoSt, bad, ExitCode.ErrIllegalArgument)
    b.verifier.acceptPoSt = false
    await b.fails(
      0,
      miner,
      MinerMethod.SubmitWindowedPoSt,
      postParams(b, deadline, [partition]),
      ExitCode.ErrIllegalArgument,
    )
    b.verifier.acceptPoSt = true
    await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition]))
    const post = b.verifier.posts.at(-1)!
    assert.deepEqual(post.challengedSectors, [{ sealProof: 5, sectorNumber: 7n, sealedCid: sealedCid(7) }])
    assert.deepEqual(post.randomness, beaconRand(4, di.challenge, entropy))
    assert.equal(post.prover.toString(), miner.toString())
    assert.deepEqual((await b.claim(miner)).claim, {
      windowPoStProofType: 10,
      rawBytePower: 2048n,
      qualityAdjPower: 2048n,
    })
    // A second PoSt for the same partition in the same window is refused.
    await b.fails(
      0,
      miner,
      MinerMethod.SubmitWindowedPoSt,
      postParams(b, deadline, [partition]),
      ExitCode.ErrIllegalArgument,
    )

    // The next period's PoSt on time keeps the power.
    await b.advanceTo(di.close)
    const next = await nextDeadline(b, miner, deadline)
    assert.equal(next.open, di.open + b.policy.wpostProvingPeriod)
    await b.advanceTo(next.open)
    await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition]))
    await b.advanceTo(next.close + 1)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 2048n)
    assert.deepEqual(await sectorCount(store, await b.head(miner)), { live: 1, active: 1, faulty: 0 })
    await b.assertConserved()
  })

  it('ProveCommitSectors3 without requireActivationSuccess reports failures per sector', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    const pcEpoch = b.epoch
    await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([preCommitInfo(b, 1), preCommitInfo(b, 2)]))
    await b.advanceTo(pcEpoch + b.policy.preCommitChallengeDelay + 1)
    const ret = await b.ok(0, miner, MinerMethod.ProveCommitSectors3, proveParams([1, 3], false), BatchReturnCodec)
    assert.deepEqual(ret, { successCount: 1, failCodes: [{ idx: 1, code: ExitCode.ErrNotFound }] })
    await b.assertConserved()
  })

  it('on the devnet policy (48 deadlines of 10 epochs): proven on time, then faulty after a missed period', async () => {
    const b = await Bench.create(DEVNET_MINER_POLICY)
    const miner = await b.createMiner(0)
    await sealSectors(b, miner, [1, 2, 3])
    const where = await Promise.all([1, 2, 3].map((n) => locate(b, miner, n)))
    assert.equal(
      new Set(where.map((w) => w.deadline)).size,
      2,
      'two sectors fill a partition; the third opens a deadline',
    )
    let last = 0
    for (const n of [1, 3]) {
      const di = await proveDeadlineOf(b, miner, n)
      last = Math.max(last, di.close)
    }
    await b.advanceTo(last)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 3n * 2048n)
    // A whole proving period without proofs: every sector faulty, no power.
    await b.advanceTo(last + DEVNET_MINER_POLICY.wpostProvingPeriod)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 0n)
    await b.assertConserved()
  })
})
