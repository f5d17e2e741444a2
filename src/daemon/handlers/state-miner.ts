/** The storage-miner State methods over the miner actor's read-only queries (Lotus-JSON results). */
import type { StateMinerMethods } from '../../api/full/state-miner.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { actorKindOf } from '../../chain/actors/code-cids.ts'
import { deadlineInfoToJson, newDeadlineInfo, nextNotElapsed } from '../../chain/actors/miner/deadline-info.ts'
import { minerPolicyOf } from '../../chain/actors/miner/policy.ts'
import { type MinerInfo, MinerInfoCodec } from '../../chain/actors/miner/info.ts'
import { deadlines, minerInfo, minerState, sectorCount, sectorInfo, sectors } from '../../chain/actors/miner/queries.ts'
import { type SectorOnChainInfo, SectorOnChainInfoCodec } from '../../chain/actors/miner/sector-info.ts'
import type { Actor } from '../../core/actor.ts'
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'
import { BitFieldCodec } from '../../crypto/bitfield.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import { base58btc } from 'multiformats/bases/base58'
import { DecodeError, InvalidError, NotFoundError } from '../../util/errors.ts'
import { decodeUvarint } from '../../util/varint.ts'
import type { ChainAccess } from './chain.ts'

/** The miner actor at `addr` in the state of `tsk`, and that tipset's height; NotFoundError otherwise. */
export async function minerAt(
  node: ChainAccess,
  addr: Address,
  tsk: TipSetKey,
): Promise<{ act: Actor; epoch: number }> {
  const n = node()
  const ts = await n.sm.tipSet(tsk)
  const act = await n.sm.getActor(addr, ts)
  if (!act) throw new NotFoundError(`resolution lookup failed (${addr}): actor not found`)
  if (actorKindOf(act.code) !== 'storageminer')
    throw new InvalidError(`actor ${addr} is not a storage miner (code ${act.code})`)
  return { act, epoch: ts.height }
}

/** The peer id as base58 when the bytes are a multihash (code, length, digest), else null (peer.IDFromBytes). */
export function peerIdJson(b: Uint8Array): string | null {
  try {
    const [, codeLen] = decodeUvarint(b, 0)
    const [len, lenLen] = decodeUvarint(b, codeLen)
    return b.length > 0 && BigInt(b.length - codeLen - lenLen) === len ? base58btc.baseEncode(b) : null
  } catch (err) {
    if (err instanceof DecodeError) return null
    throw err
  }
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
    PeerId: peerIdJson(mi.peerId),
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

/** Lotus's SectorOnChainInfo JSON: go-state-types tags the deal list `json:"-"`, so it is left out. */
export function sectorJson(s: SectorOnChainInfo): Record<string, unknown> {
  const { DealIDs: _hidden, ...rest } = SectorOnChainInfoCodec.toJson(s) as Record<string, unknown>
  return rest
}

/**
 * Lotus StateMinerAvailableBalance: balance less locked funds, precommit deposits and initial pledge (an
 * error when that is negative), less fee debt, plus the locked funds that vested before `epoch`.
 */
async function availableBalance(bs: Blockstore, head: CID, balance: bigint, epoch: number): Promise<bigint> {
  const st = await minerState(bs, head)
  const unlocked = balance - st.lockedFunds - st.preCommitDeposits - st.initialPledge
  if (unlocked < 0n) throw new InvalidError(`negative unlocked balance ${unlocked}`)
  const vested = st.vestingFunds.filter((v) => v.epoch < epoch).reduce((sum, v) => sum + v.amount, 0n)
  return unlocked - st.feeDebt + vested
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
      // As Lotus: the deadline recorded in the state (period start, current deadline), moved past elapsed ones.
      const st = await minerState(store(), act.head)
      const policy = minerPolicyOf(node().sm.policy)
      const recorded = newDeadlineInfo(policy, st.provingPeriodStart, st.currentDeadline, epoch)
      return deadlineInfoToJson(nextNotElapsed(policy, recorded))
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
      return availableBalance(store(), act.head, act.balance, epoch)
    },
  }
}
