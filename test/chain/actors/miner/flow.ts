/** Reusable steps of the miner lifecycle, through real messages on a Bench. */
import assert from 'node:assert/strict'
import type { Address } from '../../../../src/core/address.ts'
import { encode } from '../../../../src/core/codec.ts'
import { BitField } from '../../../../src/crypto/bitfield.ts'
import { utf8 } from '../../../../src/util/bytes.ts'
import { MinerMethod } from '../../../../src/chain/actors/miner/actor.ts'
import { type DeadlineInfo, newDeadlineInfo, nextNotElapsed } from '../../../../src/chain/actors/miner/deadline-info.ts'
import { deadlines } from '../../../../src/chain/actors/miner/queries.ts'
import { SubmitWindowedPoStParamsCodec } from '../../../../src/chain/actors/miner/types-post.ts'
import {
  BatchReturnCodec,
  PreCommitSectorBatchParams2Codec,
  ProveCommitSectors3ParamsCodec,
  type SectorPreCommitInfo,
} from '../../../../src/chain/actors/miner/types-sectors.ts'
import { type Bench, sealedCid, ticketRand } from './harness.ts'

export function preCommitInfo(b: Bench, n: number): SectorPreCommitInfo {
  return {
    sealProof: 5,
    sectorNumber: n,
    sealedCid: sealedCid(n),
    sealRandEpoch: b.epoch - 1,
    dealIds: [],
    expiration: b.epoch + b.policy.maxProveCommitDuration + b.policy.minSectorExpiration + 100,
    unsealedCid: null,
  }
}

export const preCommitParams = (sectors: SectorPreCommitInfo[]) => encode(PreCommitSectorBatchParams2Codec, { sectors })

export const proveParams = (numbers: number[], requireActivationSuccess = true) =>
  encode(ProveCommitSectors3ParamsCodec, {
    sectorActivations: numbers.map((sectorNumber) => ({ sectorNumber, pieces: [] })),
    sectorProofs: numbers.map((n) => utf8(`seal-proof-${n}`)),
    aggregateProof: new Uint8Array(0),
    aggregateProofType: null,
    requireActivationSuccess,
    requireNotificationSuccess: false,
  })

/** Precommits and proves sectors `numbers` for `miner` (worker key 0); returns the epoch of precommit. */
export async function sealSectors(b: Bench, miner: Address, numbers: number[]): Promise<number> {
  const pcEpoch = b.epoch
  await b.ok(0, miner, MinerMethod.PreCommitSectorBatch2, preCommitParams(numbers.map((n) => preCommitInfo(b, n))))
  await b.advanceTo(pcEpoch + b.policy.preCommitChallengeDelay + 1)
  const ret = await b.ok(0, miner, MinerMethod.ProveCommitSectors3, proveParams(numbers), BatchReturnCodec)
  assert.deepEqual(ret, { successCount: numbers.length, failCodes: [] })
  return pcEpoch
}

/** The deadline index holding `sector`, with its partition. */
export async function locate(
  b: Bench,
  miner: Address,
  sector: number,
): Promise<{ deadline: number; partition: number }> {
  const dls = await deadlines(b.vm.deps.store, await b.head(miner))
  for (const [d, dl] of dls.entries())
    for (const [p, part] of dl.partitions.entries())
      if (part.allSectors.has(sector)) return { deadline: d, partition: p }
  throw new Error(`sector ${sector} not in any deadline`)
}

/** The next (not yet closed) occurrence of deadline `index`. */
export async function nextDeadline(b: Bench, miner: Address, index: number): Promise<DeadlineInfo> {
  const st = await b.minerState(miner)
  return nextNotElapsed(b.policy, newDeadlineInfo(b.policy, st.provingPeriodStart, index, b.epoch))
}

export function postParams(
  b: Bench,
  deadline: number,
  partitions: number[],
  skipped = BitField.empty,
  commitEpoch = b.epoch - 1,
) {
  return encode(SubmitWindowedPoStParamsCodec, {
    deadline,
    partitions: partitions.map((index) => ({ index, skipped })),
    proofs: [{ postProof: 10, proofBytes: utf8('post-proof') }],
    chainCommitEpoch: commitEpoch,
    chainCommitRand: ticketRand(9, commitEpoch, new Uint8Array(0)),
  })
}

/** Waits for the deadline holding `sector` to open and submits its PoSt (partition 0). */
export async function proveDeadlineOf(b: Bench, miner: Address, sector: number): Promise<DeadlineInfo> {
  const { deadline, partition } = await locate(b, miner, sector)
  const di = await nextDeadline(b, miner, deadline)
  await b.advanceTo(di.open)
  await b.ok(0, miner, MinerMethod.SubmitWindowedPoSt, postParams(b, deadline, [partition]))
  return di
}
