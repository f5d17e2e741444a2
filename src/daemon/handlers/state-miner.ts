/** The storage-miner State methods over the miner actor's read-only queries (Lotus-JSON results). */
import type { StateMinerMethods } from '../../api/full/state-miner.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { actorKindOf } from '../../chain/actors/code-cids.ts'
import { deadlineInfoToJson } from '../../chain/actors/miner/deadline-info.ts'
import { type MinerInfo, MinerInfoCodec } from '../../chain/actors/miner/info.ts'
import {
  availableBalanceAt,
  deadlines,
  minerInfo,
  provingDeadline,
  sectorCount,
  sectorInfo,
  sectors,
} from '../../chain/actors/miner/queries.ts'
import { type SectorOnChainInfo, SectorOnChainInfoCodec } from '../../chain/actors/miner/sector-info.ts'
import type { Actor } from '../../core/actor.ts'
import type { Address } from '../../core/address.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'
import { BitFieldCodec } from '../../crypto/bitfield.ts'
import { base58btc } from 'multiformats/bases/base58'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import type { ChainAccess } from './chain.ts'

/** The miner actor at `addr` in the state of `tsk`, and that tipset's height; NotFoundError otherwise. */
async function minerAt(node: ChainAccess, addr: Address, tsk: TipSetKey): Promise<{ act: Actor; epoch: number }> {
  const n = node()
  const ts = await n.sm.tipSet(tsk)
  const act = await n.sm.getActor(addr, ts)
  if (!act) throw new NotFoundError(`resolution lookup failed (${addr}): actor not found`)
  if (actorKindOf(act.code) !== 'storageminer')
    throw new InvalidError(`actor ${addr} is not a storage miner (code ${act.code})`)
  return { act, epoch: ts.height }
}

/** Lotus's MinerInfo JSON: the actor's fields plus NewWorker/WorkerChangeEpoch and the peer id as base58. */
export function minerInfoJson(mi: MinerInfo): Record<string, unknown> {
  const j = MinerInfoCodec.toJson(mi) as Record<string, unknown>
  return {
    Owner: j.Owner,
    Worker: j.Worker,
    NewWorker: mi.pendingWorkerKey ? mi.pendingWorkerKey.newWorker.toString() : '<empty>',
    ControlAddresses: j.ControlAddresses,
    WorkerChangeEpoch: mi.pendingWorkerKey ? mi.pendingWorkerKey.effectiveAt : -1,
    PeerId: mi.peerId.length > 0 ? base58btc.baseEncode(mi.peerId) : null,
    Multiaddrs: j.Multiaddrs,
    WindowPoStProofType: j.WindowPoStProofType,
    SectorSize: j.SectorSize,
    WindowPoStPartitionSectors: j.WindowPoStPartitionSectors,
    ConsensusFaultElapsed: j.ConsensusFaultElapsed,
    PendingOwnerAddress: j.PendingOwnerAddress,
    Beneficiary: j.Beneficiary,
    BeneficiaryTerm: j.BeneficiaryTerm,
    PendingBeneficiaryTerm: j.PendingBeneficiaryTerm,
  }
}

/** Lotus's SectorOnChainInfo JSON (go-state-types names the deal list `DeprecatedDealIDs`). */
export function sectorJson(s: SectorOnChainInfo): Record<string, unknown> {
  const { DealIDs, ...rest } = SectorOnChainInfoCodec.toJson(s) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(rest)) {
    out[k] = v
    if (k === 'SealedCID') out.DeprecatedDealIDs = DealIDs
  }
  return out
}

function sectorNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidError(`sector number ${n} is out of range`)
  return Number(n)
}

export function stateMinerHandlers(node: ChainAccess): Handlers<typeof StateMinerMethods> {
  const store = () => node().sm.deps.store
  return {
    StateMinerInfo: async (_ctx, a, tsk) =>
      minerInfoJson(await minerInfo(store(), (await minerAt(node, a, tsk)).act.head)),
    StateMinerProvingDeadline: async (_ctx, a, tsk) => {
      const { act, epoch } = await minerAt(node, a, tsk)
      return deadlineInfoToJson(await provingDeadline(store(), act.head, epoch))
    },
    StateMinerDeadlines: async (_ctx, a, tsk) => {
      const { act } = await minerAt(node, a, tsk)
      // This actor keeps no optimistic-PoSt submissions nor per-deadline fees: both are zero.
      return (await deadlines(store(), act.head)).map((d) => ({
        PostSubmissions: BitFieldCodec.toJson(d.postSubmissions),
        DisputableProofCount: 0,
        DailyFee: '0',
      }))
    },
    StateMinerPartitions: async (_ctx, a, dlIdx, tsk) => {
      const { act } = await minerAt(node, a, tsk)
      const dls = await deadlines(store(), act.head)
      const dl = dlIdx < BigInt(dls.length) ? dls[Number(dlIdx)] : undefined
      if (!dl) throw new InvalidError(`deadline index ${dlIdx} out of range (the proving period has ${dls.length})`)
      return dl.partitions.map((p) => ({
        AllSectors: BitFieldCodec.toJson(p.allSectors),
        FaultySectors: BitFieldCodec.toJson(p.faultySectors),
        RecoveringSectors: BitFieldCodec.toJson(p.recoveringSectors),
        LiveSectors: BitFieldCodec.toJson(p.liveSectors),
        ActiveSectors: BitFieldCodec.toJson(p.activeSectors),
      }))
    },
    StateMinerSectors: async (_ctx, a, filter, tsk) => {
      const { act } = await minerAt(node, a, tsk)
      const all = await sectors(store(), act.head)
      return (filter ? all.filter((s) => filter.has(s.sectorNumber)) : all).map(sectorJson)
    },
    StateSectorGetInfo: async (_ctx, a, n, tsk) => {
      const { act } = await minerAt(node, a, tsk)
      const s = await sectorInfo(store(), act.head, sectorNumber(n))
      return s ? sectorJson(s) : null
    },
    StateMinerSectorCount: async (_ctx, a, tsk) => {
      const { act } = await minerAt(node, a, tsk)
      const c = await sectorCount(store(), act.head)
      return { Live: c.live, Active: c.active, Faulty: c.faulty }
    },
    StateMinerAvailableBalance: async (_ctx, a, tsk) => {
      const { act, epoch } = await minerAt(node, a, tsk)
      return availableBalanceAt(store(), act.head, act.balance, epoch)
    },
  }
}
