/** Pre-committed and proven sector records (`builtin-actors:actors/miner/src/types.rs`). */
import { BigIntCodec } from '../../../core/bigint.ts'
import type { CID } from '../../../core/cid.ts'
import { type Codec, Cid, listOf, nullable, U64, Uint } from '../../../core/codec.ts'
import { Epoch } from '../../../core/ints.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type SectorPreCommitInfo, SectorPreCommitInfoCodec } from './types-sectors.ts'

/** `SectorPreCommitOnChainInfo` `[Info, PreCommitDeposit, PreCommitEpoch]`. */
export interface SectorPreCommitOnChainInfo {
  info: SectorPreCommitInfo
  preCommitDeposit: bigint
  preCommitEpoch: number
}
export const SectorPreCommitOnChainInfoCodec: Codec<SectorPreCommitOnChainInfo> =
  tupleCodec<SectorPreCommitOnChainInfo>('SectorPreCommitOnChainInfo', {
    info: ['Info', SectorPreCommitInfoCodec],
    preCommitDeposit: ['PreCommitDeposit', BigIntCodec],
    preCommitEpoch: ['PreCommitEpoch', Epoch],
  })

/** `SectorOnChainInfo`, the 16-field tuple of current actors. */
export interface SectorOnChainInfo {
  sectorNumber: number
  sealProof: number
  sealedCid: CID
  dealIds: bigint[]
  activation: number
  expiration: number
  dealWeight: bigint
  verifiedDealWeight: bigint
  initialPledge: bigint
  expectedDayReward: bigint | null
  expectedStoragePledge: bigint | null
  powerBaseEpoch: number
  replacedDayReward: bigint | null
  sectorKeyCid: CID | null
  flags: number
  dailyFee: bigint
}
export const SectorOnChainInfoCodec: Codec<SectorOnChainInfo> = tupleCodec<SectorOnChainInfo>('SectorOnChainInfo', {
  sectorNumber: ['SectorNumber', Uint],
  sealProof: ['SealProof', Uint],
  sealedCid: ['SealedCID', Cid],
  dealIds: ['DealIDs', listOf(U64)],
  activation: ['Activation', Epoch],
  expiration: ['Expiration', Epoch],
  dealWeight: ['DealWeight', BigIntCodec],
  verifiedDealWeight: ['VerifiedDealWeight', BigIntCodec],
  initialPledge: ['InitialPledge', BigIntCodec],
  expectedDayReward: ['ExpectedDayReward', nullable(BigIntCodec)],
  expectedStoragePledge: ['ExpectedStoragePledge', nullable(BigIntCodec)],
  powerBaseEpoch: ['PowerBaseEpoch', Epoch],
  replacedDayReward: ['ReplacedDayReward', nullable(BigIntCodec)],
  sectorKeyCid: ['SectorKeyCID', nullable(Cid)],
  flags: ['Flags', Uint],
  dailyFee: ['DailyFee', BigIntCodec],
})

/** SectorOnChainInfoFlags: QA power computed from the sector's own weights (always set for new sectors). */
export const SIMPLE_QA_POWER = 0x1
