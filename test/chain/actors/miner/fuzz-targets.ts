/**
 * Fuzz targets for the storage miner's wire tuples and state records (joined into test/fuzz/targets.ts).
 */
import { Address } from '../../../../src/core/address.ts'
import { CID, cidOfBytes } from '../../../../src/core/cid.ts'
import { type Codec, decode, encode } from '../../../../src/core/codec.ts'
import { BitField } from '../../../../src/crypto/bitfield.ts'
import { MinerInfoCodec } from '../../../../src/chain/actors/miner/info.ts'
import {
  SectorOnChainInfoCodec,
  SectorPreCommitOnChainInfoCodec,
} from '../../../../src/chain/actors/miner/sector-info.ts'
import { DeadlineCodec, MinerStateCodec, PartitionCodec } from '../../../../src/chain/actors/miner/state.ts'
import {
  ChangeWorkerAddressParamsCodec,
  CronEventPayloadCodec,
  GetControlAddressesReturnCodec,
  WithdrawBalanceParamsCodec,
} from '../../../../src/chain/actors/miner/types.ts'
import {
  DeclareFaultsParamsCodec,
  DeclareFaultsRecoveredParamsCodec,
  SubmitWindowedPoStParamsCodec,
} from '../../../../src/chain/actors/miner/types-post.ts'
import {
  BatchReturnCodec,
  PreCommitSectorBatchParams2Codec,
  PreCommitSectorParamsCodec,
  ProveCommitSectorParamsCodec,
  ProveCommitSectors3ParamsCodec,
} from '../../../../src/chain/actors/miner/types-sectors.ts'
import type { FuzzTarget } from '../../../fuzz/targets.ts'

const cid = cidOfBytes(Uint8Array.of(0x80))
const sealed = CID.parse('bagboea4seaaqa')
const a = Address.fromId(1234)
const bf = BitField.fromSet([1, 2, 9])
const power = { raw: 2048n, qa: 4096n }

function target<T>(codec: Codec<T>, values: T[]): FuzzTarget {
  return {
    name: `miner ${codec.name} CBOR`,
    decode: (b) => decode(codec, b),
    seeds: values.map((v) => encode(codec, v)),
    encode: (v) => encode(codec, v as T),
  }
}

const precommit = {
  sealProof: 5,
  sectorNumber: 3,
  sealedCid: sealed,
  sealRandEpoch: 10,
  dealIds: [7n],
  expiration: 1000,
  unsealedCid: null,
}

export const minerFuzzTargets: FuzzTarget[] = [
  target(PreCommitSectorBatchParams2Codec, [{ sectors: [precommit] }]),
  target(PreCommitSectorParamsCodec, [
    {
      ...precommit,
      replaceCapacity: false,
      replaceSectorDeadline: 0n,
      replaceSectorPartition: 1n,
      replaceSectorNumber: 2n,
    },
  ]),
  target(ProveCommitSectorParamsCodec, [{ sectorNumber: 3, proof: Uint8Array.of(1, 2) }]),
  target(ProveCommitSectors3ParamsCodec, [
    {
      sectorActivations: [
        {
          sectorNumber: 3,
          pieces: [
            {
              cid,
              size: 2048n,
              verifiedAllocationKey: { client: 1n, id: 2n },
              notify: [{ address: a, payload: Uint8Array.of(9) }],
            },
          ],
        },
      ],
      sectorProofs: [Uint8Array.of(1)],
      aggregateProof: new Uint8Array(0),
      aggregateProofType: 1n,
      requireActivationSuccess: true,
      requireNotificationSuccess: false,
    },
  ]),
  target(BatchReturnCodec, [{ successCount: 2, failCodes: [{ idx: 0, code: 16 }] }]),
  target(SubmitWindowedPoStParamsCodec, [
    {
      deadline: 3,
      partitions: [{ index: 0, skipped: bf }],
      proofs: [{ postProof: 10, proofBytes: Uint8Array.of(1) }],
      chainCommitEpoch: 99,
      chainCommitRand: new Uint8Array(32).fill(7),
    },
  ]),
  target(DeclareFaultsParamsCodec, [{ faults: [{ deadline: 1, partition: 0, sectors: bf }] }]),
  target(DeclareFaultsRecoveredParamsCodec, [{ recoveries: [{ deadline: 1, partition: 2, sectors: bf }] }]),
  target(WithdrawBalanceParamsCodec, [{ amountRequested: 10n ** 18n }]),
  target(ChangeWorkerAddressParamsCodec, [{ newWorker: a, newControlAddresses: [a] }]),
  target(GetControlAddressesReturnCodec, [{ owner: a, worker: a, controlAddresses: [a] }]),
  target(CronEventPayloadCodec, [{ eventType: 1n }]),
  target(SectorPreCommitOnChainInfoCodec, [{ info: precommit, preCommitDeposit: 5n, preCommitEpoch: 4 }]),
  target(SectorOnChainInfoCodec, [
    {
      sectorNumber: 1,
      sealProof: 8,
      sealedCid: sealed,
      dealIds: [],
      activation: 2,
      expiration: 3,
      dealWeight: 4n,
      verifiedDealWeight: 5n,
      initialPledge: 6n,
      expectedDayReward: 7n,
      expectedStoragePledge: null,
      powerBaseEpoch: 9,
      replacedDayReward: null,
      sectorKeyCid: cid,
      flags: 1,
      dailyFee: 0n,
    },
  ]),
  target(MinerInfoCodec, [
    {
      owner: a,
      worker: a,
      controlAddresses: [a],
      pendingWorkerKey: { newWorker: a, effectiveAt: 900 },
      peerId: Uint8Array.of(1),
      multiaddrs: [Uint8Array.of(4)],
      windowPoStProofType: 10,
      sectorSize: 2048n,
      windowPoStPartitionSectors: 2n,
      consensusFaultElapsed: -1,
      pendingOwnerAddress: null,
      beneficiary: a,
      beneficiaryTerm: { quota: 0n, usedQuota: 0n, expiration: 0 },
      pendingBeneficiaryTerm: null,
    },
  ]),
  target(PartitionCodec, [
    {
      sectors: bf,
      unproven: BitField.empty,
      faults: BitField.fromSet([2]),
      recoveries: BitField.empty,
      terminated: BitField.empty,
      livePower: power,
      unprovenPower: { raw: 0n, qa: 0n },
      faultyPower: power,
      recoveringPower: { raw: 0n, qa: 0n },
    },
  ]),
  target(DeadlineCodec, [
    { partitions: cid, partitionsPoSted: bf, liveSectors: 3n, totalSectors: 3n, faultyPower: power },
  ]),
  target(MinerStateCodec, [
    {
      info: cid,
      preCommitDeposits: 1n,
      lockedFunds: 2n,
      vestingFunds: [{ epoch: 10, amount: 2n }],
      feeDebt: 0n,
      initialPledge: 3n,
      preCommittedSectors: cid,
      preCommittedSectorsCleanUp: cid,
      allocatedSectors: bf,
      sectors: cid,
      provingPeriodStart: -5,
      currentDeadline: 2,
      deadlines: cid,
      earlyTerminations: BitField.empty,
      deadlineCronActive: true,
    },
  ]),
]
