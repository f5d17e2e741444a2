import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encode } from '../../../../src/core/codec.ts'
import { ExitCode } from '../../../../src/core/exit-code.ts'
import { FIL_PRECISION } from '../../../../src/core/token.ts'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import { commPToCid } from '../../../../src/proofs/piece-cid.ts'
import {
  ProveCommitSectors3ParamsCodec,
  type SectorPreCommitInfo,
} from '../../../../src/chain/actors/miner/types-sectors.ts'
import { SubmitWindowedPoStParamsCodec } from '../../../../src/chain/actors/miner/types-post.ts'
import { Bench } from './harness.ts'
import { preCommitInfo, preCommitParams } from './flow.ts'

describe('StorageMiner: refused input', () => {
  it('refuses bad precommits with a message naming the problem', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0)
    await b.advanceTo(5)
    const ok = preCommitInfo(b, 1)
    const cases: [string, Partial<SectorPreCommitInfo>, RegExp][] = [
      ['unsupported proof', { sealProof: 8 }, /unsupported seal proof type 8/],
      ['sealed CID prefix', { sealedCid: commPToCid(new Uint8Array(32)) }, /sealed CID/],
      ['deals', { dealIds: [1n] }, /deals are not supported/],
      ['future randomness', { sealRandEpoch: b.epoch }, /seal challenge epoch/],
      ['short expiration', { expiration: b.epoch + 100 }, /expiration/],
      ['far expiration', { expiration: b.epoch + 10_000_000 }, /too far/],
      ['sector number', { sectorNumber: Number.MAX_SAFE_INTEGER }, /sector number .* out of range/],
    ]
    for (const [what, change, message] of cases) {
      const error = await b.fails(
        0,
        miner,
        MinerMethod.PreCommitSectorBatch2,
        preCommitParams([{ ...ok, ...change }]),
        ExitCode.ErrIllegalArgument,
      )
      assert.match(error, message, what)
    }
    await b.fails(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([]), ExitCode.ErrIllegalArgument)
    await b.fails(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([ok, ok]), ExitCode.ErrIllegalArgument)
    // Garbage parameters are a serialization error, not a crash.
    await b.fails(0, miner, MinerMethod.PreCommitSectorBatch2, Uint8Array.of(0x81, 0x01), ExitCode.ErrSerialization)
    await b.assertConserved()
  })

  it('refuses a precommit the balance cannot cover, aggregates, and PoSt outside the open deadline', async () => {
    const b = await Bench.create()
    const miner = await b.createMiner(0, 0n)
    const ok = preCommitInfo(b, 1)
    await b.fails(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([ok]), ExitCode.ErrInsufficientFunds)
    const aggregate = encode(ProveCommitSectors3ParamsCodec, {
      sectorActivations: [{ sectorNumber: 1, pieces: [] }],
      sectorProofs: [],
      aggregateProof: Uint8Array.of(1),
      aggregateProofType: 1n,
      requireActivationSuccess: true,
      requireNotificationSuccess: false,
    })
    await b.fails(0, miner, MinerMethod.ProveCommitSectors3, aggregate, ExitCode.ErrIllegalArgument)
    const noProof = encode(SubmitWindowedPoStParamsCodec, {
      deadline: 0,
      partitions: [],
      proofs: [],
      chainCommitEpoch: 0,
      chainCommitRand: new Uint8Array(0),
    })
    await b.fails(0, miner, MinerMethod.SubmitWindowedPoSt, noProof, ExitCode.ErrIllegalArgument)
    // Funding the miner makes the same precommit acceptable.
    await b.ok(0, miner, 0, new Uint8Array(0), undefined, FIL_PRECISION)
    await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams([ok]))
    await b.assertConserved()
  })
})
