import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encode } from '../../../../src/core/codec.ts'
import { ExitCode } from '../../../../src/core/exit-code.ts'
import { FIL_PRECISION } from '../../../../src/core/token.ts'
import { BitField } from '../../../../src/crypto/bitfield.ts'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import { continuedFaultFee } from '../../../../src/chain/actors/miner/monies.ts'
import { deadlines, sectorCount } from '../../../../src/chain/actors/miner/queries.ts'
import {
  DeclareFaultsParamsCodec,
  DeclareFaultsRecoveredParamsCodec,
} from '../../../../src/chain/actors/miner/types-post.ts'
import { BASELINE_POWER } from '../../../../src/chain/actors/reward/state.ts'
import { Bench } from './harness.ts'
import { locate, nextDeadline, postParams, proveDeadlineOf, sealSectors } from './flow.ts'

const FEE_2KIB = continuedFaultFee(
  { epochReward: 36n * FIL_PRECISION, networkQAPower: 0n, baselinePower: BASELINE_POWER, circulatingSupply: 0n },
  2048n,
)

const declaration = (deadline: number, partition: number, sectors: number[]) => ({
  deadline,
  partition,
  sectors: BitField.fromSet(sectors),
})

async function provenMiner(b: Bench) {
  const miner = await b.createMiner(0)
  await sealSectors(b, miner, [1])
  const di = await proveDeadlineOf(b, miner, 1)
  await b.advanceTo(di.close)
  assert.equal((await b.claim(miner)).claim?.rawBytePower, 2048n)
  return { miner, ...(await locate(b, miner, 1)) }
}

describe('StorageMiner: faults, recoveries and the deadline cron', () => {
  it('a missed PoSt makes the partition faulty without a fee; a continued fault pays the fee; a recovery restores power', async () => {
    const b = await Bench.create()
    const { miner, deadline, partition } = await provenMiner(b)
    // Miss the next occurrence entirely.
    let di = await nextDeadline(b, miner, deadline)
    const burnt0 = await b.burnt()
    await b.advanceTo(di.close)
    assert.equal(await b.burnt(), burnt0, 'a newly detected fault pays no fee')
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 0n)
    const part = (await deadlines(b.vm.deps.store, await b.head(miner)))[deadline]!.partitions[partition]!
    assert.deepEqual(part.faultySectors.toArray(), [1])
    // Miss it again: the sector was already faulty, so the continued fault fee is burned.
    di = await nextDeadline(b, miner, deadline)
    await b.advanceTo(di.close)
    assert.equal((await b.burnt()) - burnt0, FEE_2KIB)
    assert.ok(FEE_2KIB > 0n)
    // Declare the recovery before the fault cutoff, prove it, regain the power.
    di = await nextDeadline(b, miner, deadline)
    await b.advanceTo(di.faultCutoff - 1)
    const rec = encode(DeclareFaultsRecoveredParamsCodec, { recoveries: [declaration(deadline, partition, [1])] })
    await b.ok(0, miner, MinerMethod.DeclareFaultsRecovered, rec)
    await b.advanceTo(di.open)
    await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition]))
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 2048n)
    assert.deepEqual(await sectorCount(b.vm.deps.store, await b.head(miner)), { live: 1, active: 1, faulty: 0 })
    await b.advanceTo(di.close + 1)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 2048n)
    await b.assertConserved()
  })

  it('declared faults drop power at once, pay the fee at the deadline end; declarations past the cutoff are refused', async () => {
    const b = await Bench.create()
    const { miner, deadline, partition } = await provenMiner(b)
    let di = await nextDeadline(b, miner, deadline)
    const faults = encode(DeclareFaultsParamsCodec, { faults: [declaration(deadline, partition, [1])] })
    // Past the cutoff (inside the window) the declaration is refused.
    await b.advanceTo(di.open)
    await b.fails(0, miner, MinerMethod.DeclareFaults, faults, ExitCode.ErrIllegalArgument)
    await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition]))
    await b.advanceTo(di.close)
    di = await nextDeadline(b, miner, deadline)
    await b.ok(0, miner, MinerMethod.DeclareFaults, faults)
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 0n)
    const burnt0 = await b.burnt()
    await b.advanceTo(di.close)
    assert.equal((await b.burnt()) - burnt0, FEE_2KIB)
    // Sectors outside the partition and unknown partitions are refused.
    const outside = encode(DeclareFaultsParamsCodec, { faults: [declaration(deadline, partition, [99])] })
    await b.fails(0, miner, MinerMethod.DeclareFaults, outside, ExitCode.ErrIllegalArgument)
    const noPart = encode(DeclareFaultsParamsCodec, { faults: [declaration(deadline, 5, [1])] })
    await b.fails(0, miner, MinerMethod.DeclareFaults, noPart, ExitCode.ErrNotFound)
    await b.assertConserved()
  })

  it('sectors fill a partition first; skipped sectors in a PoSt become faults, the rest are proven', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    await sealSectors(b, miner, [1, 2, 3])
    const { deadline, partition } = await locate(b, miner, 1)
    assert.deepEqual(await locate(b, miner, 2), { deadline, partition }, 'sector 2 fills the open partition')
    assert.notEqual((await locate(b, miner, 3)).deadline, deadline, 'sector 3 opens another deadline')
    const di = await nextDeadline(b, miner, deadline)
    await b.advanceTo(di.open)
    await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition], BitField.fromSet([1])))
    assert.deepEqual(
      b.verifier.posts.at(-1)!.challengedSectors.map((s) => s.sectorNumber),
      [2n],
    )
    assert.equal((await b.claim(miner)).claim?.rawBytePower, 2048n)
    const part = (await deadlines(b.vm.deps.store, await b.head(miner)))[deadline]!.partitions[partition]!
    assert.deepEqual(part.faultySectors.toArray(), [1])
    assert.deepEqual(part.activeSectors.toArray(), [2])
    await b.assertConserved()
  })
})
