/**
 * What the sealing pipeline uses of the daemon's FullNode API (the miner reaches the chain only through it),
 * and readers of the Lotus-JSON results it gets back: MinerInfo's addresses and an on-chain precommit.
 * Tests pass any object with these methods.
 */
import type { Client } from '../../api/client/client.ts'
import type { FullNodeMethods } from '../../api/full/index.ts'
import { type Address, AddressCodec } from '../../core/address.ts'
import { BigIntCodec } from '../../core/bigint.ts'
import { jsonField, jsonWrong } from '../../core/codec.ts'
import { Epoch } from '../../core/ints.ts'

export type PipelineApi = Pick<
  Client<typeof FullNodeMethods>,
  | 'ChainHead'
  | 'StateMinerInfo'
  | 'StateGetRandomnessFromTickets'
  | 'StateGetRandomnessFromBeacon'
  | 'StateSectorPreCommitInfo'
  | 'StateSectorGetInfo'
  | 'StateMinerPreCommitDepositForPower'
  | 'StateMinerInitialPledgeCollateral'
  | 'StateMinerSectors'
  | 'StateWaitMsg'
  | 'StateSearchMsg'
  | 'StateLookupID'
  | 'StateAccountKey'
  | 'WalletBalance'
  | 'WalletHas'
  | 'MpoolPushMessage'
  | 'MpoolPending'
>

/** The addresses of Lotus MinerInfo that choose a message's sender (ID addresses, as the chain keeps them). */
export interface MinerAddresses {
  readonly owner: Address
  readonly worker: Address
  readonly controls: readonly Address[]
}

export function minerAddressesFromJson(json: unknown): MinerAddresses {
  const f = 'MinerInfo'
  const controls = jsonField(json, 'ControlAddresses', f)
  if (controls !== null && controls !== undefined && !Array.isArray(controls))
    jsonWrong(`${f}.ControlAddresses`, 'a list or null', controls)
  return {
    owner: AddressCodec.fromJson(jsonField(json, 'Owner', f), `${f}.Owner`),
    worker: AddressCodec.fromJson(jsonField(json, 'Worker', f), `${f}.Worker`),
    controls: ((controls as unknown[] | null) ?? []).map((a, i) =>
      AddressCodec.fromJson(a, `${f}.ControlAddresses[${i}]`),
    ),
  }
}

/** What the pipeline reads of a SectorPreCommitOnChainInfo: the sector's info as sent, deposit and epoch. */
export interface OnChainPreCommit {
  /** The SectorPreCommitInfo in Lotus-JSON, as StateMinerInitialPledgeCollateral takes it back. */
  readonly info: unknown
  readonly sealRandEpoch: number
  readonly deposit: bigint
  readonly preCommitEpoch: number
}

export function preCommitFromJson(json: unknown): OnChainPreCommit | null {
  if (json === null || json === undefined) return null
  const f = 'SectorPreCommitOnChainInfo'
  const info = jsonField(json, 'Info', f)
  return {
    info,
    sealRandEpoch: Epoch.fromJson(jsonField(info, 'SealRandEpoch', `${f}.Info`), `${f}.Info.SealRandEpoch`),
    deposit: BigIntCodec.fromJson(jsonField(json, 'PreCommitDeposit', f), `${f}.PreCommitDeposit`),
    preCommitEpoch: Epoch.fromJson(jsonField(json, 'PreCommitEpoch', f), `${f}.PreCommitEpoch`),
  }
}
