/**
 * Fuzz targets for the state tree's and actors' codecs (joined into test/fuzz/targets.ts): state root,
 * actor states, and the parameter and return tuples that arrive from messages.
 */
import { Address } from '../../../src/core/address.ts'
import { CID } from '../../../src/core/cid.ts'
import { type Codec, decode, encode } from '../../../src/core/codec.ts'
import { cidOfBytes } from '../../../src/core/cid.ts'
import { AccountStateCodec } from '../../../src/chain/actors/account/state.ts'
import { CronStateCodec } from '../../../src/chain/actors/cron/actor.ts'
import { InitStateCodec } from '../../../src/chain/actors/init/state.ts'
import { ExecParamsCodec, ExecReturnCodec } from '../../../src/chain/actors/init/types.ts'
import { ClaimCodec, PowerStateCodec } from '../../../src/chain/actors/power/state.ts'
import {
  CreateMinerParamsCodec,
  CurrentTotalPowerReturnCodec,
  EnrollCronEventParamsCodec,
  MinerConstructorParamsCodec,
  UpdateClaimedPowerParamsCodec,
} from '../../../src/chain/actors/power/types.ts'
import { RewardStateCodec } from '../../../src/chain/actors/reward/state.ts'
import { AwardBlockRewardParamsCodec, ThisEpochRewardReturnCodec } from '../../../src/chain/actors/reward/types.ts'
import { StateRootCodec } from '../../../src/chain/state/state-root.ts'
import type { FuzzTarget } from '../../fuzz/targets.ts'

const cid = cidOfBytes(Uint8Array.of(0x80))
const a = Address.fromId(1234)
const key = Address.fromActorData(Uint8Array.of(1, 2, 3))
const est = { position: 5n << 128n, velocity: -3n }

function target<T>(codec: Codec<T>, values: T[]): FuzzTarget {
  return {
    name: `${codec.name} CBOR`,
    decode: (b) => decode(codec, b),
    seeds: values.map((v) => encode(codec, v)),
    encode: (v) => encode(codec, v as T),
  }
}

export const chainStateFuzzTargets: FuzzTarget[] = [
  target(StateRootCodec, [{ version: 5, actors: cid, info: cid }]),
  target(InitStateCodec, [{ addressMap: cid, nextId: 1001n, networkName: 'devnet' }]),
  target(AccountStateCodec, [{ address: key }]),
  target(CronStateCodec, [{ entries: [{ receiver: a, methodNum: 5n }] }]),
  target(RewardStateCodec, [
    {
      thisEpochReward: 7n,
      thisEpochBaselinePower: 1n << 60n,
      epoch: 9n,
      totalStoragePowerReward: 0n,
      initialEpochReward: 7n,
      halvingEpochs: 100n,
      networkRawPower: 2048n,
    },
  ]),
  target(PowerStateCodec, [
    {
      totalRawBytePower: 1n,
      totalBytesCommitted: 2n,
      totalQualityAdjPower: 3n,
      totalQABytesCommitted: 4n,
      totalPledgeCollateral: 5n,
      thisEpochRawBytePower: 6n,
      thisEpochQualityAdjPower: 7n,
      thisEpochPledgeCollateral: 8n,
      thisEpochQAPowerSmoothed: est,
      minerCount: 1n,
      minerAboveMinPowerCount: 0n,
      rampStartEpoch: 0n,
      rampDurationEpochs: 0n,
      cronEventQueue: cid,
      firstCronEpoch: 3n,
      claims: cid,
      proofValidationBatch: null,
    },
  ]),
  target(ClaimCodec, [{ windowPoStProofType: 5, rawBytePower: 2048n, qualityAdjPower: 2048n }]),
  target(ExecParamsCodec, [{ codeCid: CID.parse(cid.toString()), constructorParams: Uint8Array.of(0x80) }]),
  target(ExecReturnCodec, [{ idAddress: a, robustAddress: key }]),
  target(CreateMinerParamsCodec, [
    { owner: a, worker: a, windowPoStProofType: 5, peer: Uint8Array.of(1), multiaddrs: [Uint8Array.of(4)] },
  ]),
  target(MinerConstructorParamsCodec, [
    { owner: a, worker: a, controlAddrs: [key], windowPoStProofType: 5, peerId: Uint8Array.of(1), multiaddrs: [] },
  ]),
  target(UpdateClaimedPowerParamsCodec, [{ rawByteDelta: -2048n, qualityAdjustedDelta: 2048n }]),
  target(EnrollCronEventParamsCodec, [{ eventEpoch: 100, payload: Uint8Array.of(1, 2) }]),
  target(CurrentTotalPowerReturnCodec, [
    {
      rawBytePower: 1n,
      qualityAdjPower: 2n,
      pledgeCollateral: 3n,
      qualityAdjPowerSmoothed: est,
      rampStartEpoch: -1n,
      rampDurationEpochs: 7n,
    },
  ]),
  target(AwardBlockRewardParamsCodec, [{ miner: a, penalty: 0n, gasReward: 99n, winCount: 2 }]),
  target(ThisEpochRewardReturnCodec, [{ thisEpochRewardSmoothed: est, thisEpochBaselinePower: 1n }]),
]
