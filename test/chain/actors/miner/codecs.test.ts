import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CID } from '../../../../src/core/cid.ts'
import { type Codec, decode, encode } from '../../../../src/core/codec.ts'
import { FIL_PRECISION } from '../../../../src/core/token.ts'
import { BitField } from '../../../../src/crypto/bitfield.ts'
import { fromHex, toHex } from '../../../../src/util/bytes.ts'
import { ID } from '../../vm/fixtures.ts'
import { SectorOnChainInfoCodec } from '../../../../src/chain/actors/miner/sector-info.ts'
import {
  ChangeOwnerAddressParamsCodec,
  ChangeWorkerAddressParamsCodec,
  CronEventPayloadCodec,
  GetControlAddressesReturnCodec,
  WithdrawBalanceParamsCodec,
} from '../../../../src/chain/actors/miner/types.ts'
import {
  DeclareFaultsParamsCodec,
  SubmitWindowedPoStParamsCodec,
} from '../../../../src/chain/actors/miner/types-post.ts'
import {
  BatchReturnCodec,
  PreCommitSectorBatchParams2Codec,
  ProveCommitSectorParamsCodec,
  ProveCommitSectors3ParamsCodec,
} from '../../../../src/chain/actors/miner/types-sectors.ts'

/** Encodes to exactly `hex` and decodes back to an equal value. */
function roundTrip<T>(codec: Codec<T>, value: T, hex: string): void {
  assert.equal(toHex(encode(codec, value)), hex)
  assert.deepEqual(decode(codec, fromHex(hex)), value)
}

const CID_A = CID.parse('bagboea4seaaqa')
const CID_C = CID.parse('baga6ea4seaaqc')

describe('StorageMiner wire tuples', () => {
  it('SectorOnChainInfo matches builtin-actors types_test.rs vectors', () => {
    const base = {
      sectorNumber: 1,
      sealProof: 8,
      sealedCid: CID_A,
      dealIds: [],
      activation: 2,
      expiration: 3,
      dealWeight: 4n,
      verifiedDealWeight: 5n,
      initialPledge: 6n * FIL_PRECISION,
      expectedDayReward: null,
      expectedStoragePledge: null,
      powerBaseEpoch: 9,
      replacedDayReward: null,
      sectorKeyCid: null,
      flags: 0,
      dailyFee: 11n * FIL_PRECISION,
    }
    roundTrip(
      SectorOnChainInfoCodec,
      base,
      '900108d82a49000182e20392200100800203420004420005490053444835ec580000f6f609f6f600490098a7d9b8314c0000',
    )
    roundTrip(
      SectorOnChainInfoCodec,
      { ...base, sectorKeyCid: CID_C, flags: 1 },
      '900108d82a49000182e20392200100800203420004420005490053444835ec580000f6f609f6d82a49000181e2039220010101490098a7d9b8314c0000',
    )
  })

  it('control and funds parameters', () => {
    roundTrip(WithdrawBalanceParamsCodec, { amountRequested: FIL_PRECISION }, '8149000de0b6b3a7640000')
    roundTrip(
      ChangeWorkerAddressParamsCodec,
      { newWorker: ID(101), newControlAddresses: [ID(102)] },
      '824200658142' + '0066',
    )
    roundTrip(ChangeOwnerAddressParamsCodec, ID(101), '420065')
    roundTrip(
      GetControlAddressesReturnCodec,
      { owner: ID(100), worker: ID(101), controlAddresses: [] },
      '83420064420065' + '80',
    )
    roundTrip(CronEventPayloadCodec, { eventType: 1n }, '8101')
  })

  it('precommit and prove-commit parameters', () => {
    // [[[5, 1, bagboea4seaaqa, 10, [], 1000, null]]]
    roundTrip(
      PreCommitSectorBatchParams2Codec,
      {
        sectors: [
          {
            sealProof: 5,
            sectorNumber: 1,
            sealedCid: CID_A,
            sealRandEpoch: 10,
            dealIds: [],
            expiration: 1000,
            unsealedCid: null,
          },
        ],
      },
      '8181870501d82a49000182e20392200100' + '0a801903e8f6',
    )
    // [[[1, []]], [h'aa'], h'', null, true, false]
    roundTrip(
      ProveCommitSectors3ParamsCodec,
      {
        sectorActivations: [{ sectorNumber: 1, pieces: [] }],
        sectorProofs: [new Uint8Array([0xaa])],
        aggregateProof: new Uint8Array(0),
        aggregateProofType: null,
        requireActivationSuccess: true,
        requireNotificationSuccess: false,
      },
      '86818201808141aa40f6f5f4',
    )
    roundTrip(ProveCommitSectorParamsCodec, { sectorNumber: 2, proof: new Uint8Array([1]) }, '82024101')
    roundTrip(BatchReturnCodec, { successCount: 1, failCodes: [{ idx: 1, code: 16 }] }, '820181820110')
  })

  it('WindowPoSt and fault parameters', () => {
    // [3, [[0, bf{}]], [[10, h'deadbeef']], 100, h'0102']
    roundTrip(
      SubmitWindowedPoStParamsCodec,
      {
        deadline: 3,
        partitions: [{ index: 0, skipped: BitField.empty }],
        proofs: [{ postProof: 10, proofBytes: fromHex('deadbeef') }],
        chainCommitEpoch: 100,
        chainCommitRand: fromHex('0102'),
      },
      '8503818200408182' + '0a44deadbeef' + '1864420102',
    )
    // [[[1, 0, bf{0}]]]; RLE+ {0}: version 00, first bit 1, a run of one -> 0b1100
    roundTrip(
      DeclareFaultsParamsCodec,
      { faults: [{ deadline: 1, partition: 0, sectors: BitField.fromSet([0]) }] },
      '81818301' + '00410c',
    )
  })

  it('refuses malformed tuples with an error naming the field', () => {
    assert.throws(() => decode(WithdrawBalanceParamsCodec, fromHex('80')), /WithdrawBalanceParams/)
    assert.throws(() => decode(SubmitWindowedPoStParamsCodec, fromHex('8503818200408182')), /./)
    const negativeProof = '818187' + '20' + '01d82a49000182e20392200100' + '0a801903e8f6'
    assert.throws(() => decode(PreCommitSectorBatchParams2Codec, fromHex(negativeProof)), /SealProof/)
  })
})
