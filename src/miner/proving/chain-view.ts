/**
 * What the proving code reads of the chain, through the FullNode API only: the miner's proving deadline
 * (`dline.Info`), its partitions and sectors, and the parts of MinerInfo it needs. The daemon returns these
 * as Lotus-JSON; this module reads them into typed values and names the field when one is malformed.
 */
import type { FullNodeMethods } from '../../api/full/index.ts'
import type { Client } from '../../api/client/client.ts'
import { Address } from '../../core/address.ts'
import { Cid } from '../../core/codec.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { BitField } from '../../crypto/bitfield.ts'
import { cidToCommitment, FIL_COMMITMENT_SEALED } from '../../proofs/piece-cid.ts'
import { DecodeError } from '../../util/errors.ts'

/** The FullNode API as the proving code uses it (a client, or an in-process stand-in in tests). */
export type ProvingApi = Pick<
  Client<typeof FullNodeMethods>,
  | 'ChainHead'
  | 'StateMinerProvingDeadline'
  | 'StateMinerPartitions'
  | 'StateMinerSectors'
  | 'StateMinerInfo'
  | 'StateGetRandomnessFromBeacon'
  | 'StateGetRandomnessFromTickets'
  | 'StateAccountKey'
  | 'StateLookupID'
  | 'WalletHas'
  | 'WalletBalance'
  | 'MpoolPushMessage'
  | 'StateWaitMsg'
>

/** Lotus `dline.Info`. */
export interface DeadlineInfo {
  readonly currentEpoch: number
  readonly periodStart: number
  readonly index: number
  readonly open: number
  readonly close: number
  readonly challenge: number
  readonly faultCutoff: number
  readonly wpostPeriodDeadlines: number
  readonly wpostProvingPeriod: number
  readonly wpostChallengeWindow: number
  readonly wpostChallengeLookback: number
  readonly faultDeclarationCutoff: number
}

export interface PartitionInfo {
  readonly all: BitField
  readonly faulty: BitField
  readonly recovering: BitField
  readonly live: BitField
  readonly active: BitField
}

export interface ChainSector {
  readonly number: number
  readonly sealProof: number
  readonly commR: Uint8Array
  readonly expiration: number
}

export interface MinerInfoView {
  readonly owner: Address
  readonly worker: Address
  readonly controlAddresses: readonly Address[]
  readonly windowPoStProofType: number
  readonly sectorSize: number
  readonly partitionSectors: number
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DecodeError(`${what}: expected an object`)
  return v as Record<string, unknown>
}

function num(o: Record<string, unknown>, key: string, what: string): number {
  const v = o[key]
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER))
    return Number(v)
  throw new DecodeError(`${what}.${key}: expected an integer, got ${JSON.stringify(String(v))}`)
}

function addr(v: unknown, what: string): Address {
  if (typeof v !== 'string') throw new DecodeError(`${what}: expected an address string`)
  return Address.parse(v)
}

export function deadlineInfoFromJson(j: unknown): DeadlineInfo {
  const o = obj(j, 'DeadlineInfo')
  const n = (k: string) => num(o, k, 'DeadlineInfo')
  return {
    currentEpoch: n('CurrentEpoch'),
    periodStart: n('PeriodStart'),
    index: n('Index'),
    open: n('Open'),
    close: n('Close'),
    challenge: n('Challenge'),
    faultCutoff: n('FaultCutoff'),
    wpostPeriodDeadlines: n('WPoStPeriodDeadlines'),
    wpostProvingPeriod: n('WPoStProvingPeriod'),
    wpostChallengeWindow: n('WPoStChallengeWindow'),
    wpostChallengeLookback: n('WPoStChallengeLookback'),
    faultDeclarationCutoff: n('FaultDeclarationCutoff'),
  }
}

export function partitionFromJson(j: unknown, i = 0): PartitionInfo {
  const o = obj(j, `Partition[${i}]`)
  const bf = (k: string) => BitField.fromJson(o[k] ?? null, `Partition[${i}].${k}`)
  return {
    all: bf('AllSectors'),
    faulty: bf('FaultySectors'),
    recovering: bf('RecoveringSectors'),
    live: bf('LiveSectors'),
    active: bf('ActiveSectors'),
  }
}

export function sectorFromJson(j: unknown): ChainSector {
  const o = obj(j, 'SectorOnChainInfo')
  const cid = Cid.fromJson(o.SealedCID, 'SectorOnChainInfo.SealedCID')
  return {
    number: num(o, 'SectorNumber', 'SectorOnChainInfo'),
    sealProof: num(o, 'SealProof', 'SectorOnChainInfo'),
    commR: cidToCommitment(cid, FIL_COMMITMENT_SEALED),
    expiration: num(o, 'Expiration', 'SectorOnChainInfo'),
  }
}

export function minerInfoFromJson(j: unknown): MinerInfoView {
  const o = obj(j, 'MinerInfo')
  const controls = o.ControlAddresses ?? []
  if (!Array.isArray(controls)) throw new DecodeError('MinerInfo.ControlAddresses: expected a list')
  return {
    owner: addr(o.Owner, 'MinerInfo.Owner'),
    worker: addr(o.Worker, 'MinerInfo.Worker'),
    controlAddresses: controls.map((c, i) => addr(c, `MinerInfo.ControlAddresses[${i}]`)),
    windowPoStProofType: num(o, 'WindowPoStProofType', 'MinerInfo'),
    sectorSize: num(o, 'SectorSize', 'MinerInfo'),
    partitionSectors: num(o, 'WindowPoStPartitionSectors', 'MinerInfo'),
  }
}

const HEAD = TipSetKey.EMPTY

/** Typed reads of one miner's proving state at a tipset (default: the head). */
export function chainView(api: ProvingApi, miner: Address, at: TipSetKey = HEAD) {
  return {
    deadline: async (): Promise<DeadlineInfo> => deadlineInfoFromJson(await api.StateMinerProvingDeadline(miner, at)),
    partitions: async (dlIdx: number): Promise<PartitionInfo[]> => {
      const list = await api.StateMinerPartitions(miner, BigInt(dlIdx), at)
      if (!Array.isArray(list)) throw new DecodeError('StateMinerPartitions: expected a list')
      return list.map(partitionFromJson)
    },
    sectors: async (numbers: BitField): Promise<ChainSector[]> => {
      if (numbers.isEmpty) return []
      const list = await api.StateMinerSectors(miner, numbers, at)
      if (!Array.isArray(list)) throw new DecodeError('StateMinerSectors: expected a list')
      return list.map(sectorFromJson)
    },
    info: async (): Promise<MinerInfoView> => minerInfoFromJson(await api.StateMinerInfo(miner, at)),
  }
}
export type ChainView = ReturnType<typeof chainView>
