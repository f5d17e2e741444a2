/** The State methods a sealing and proving miner reads: randomness, precommits, deposits, faults, listings. */
import { LotusJson } from '../../api/full/state-miner.ts'
import type { StateSealingMethods } from '../../api/full/state-sealing.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { minerInfo, preCommitInfo, deadlines } from '../../chain/actors/miner/queries.ts'
import { initialPledgeOn, preCommitDepositOn } from '../../chain/actors/miner/pledge-query.ts'
import { SectorPreCommitOnChainInfoCodec } from '../../chain/actors/miner/sector-info.ts'
import { SectorPreCommitInfoCodec } from '../../chain/actors/miner/types-sectors.ts'
import { allClaims, loadClaims } from '../../chain/actors/power/claims.ts'
import { powerState } from '../../chain/actors/queries.ts'
import { ChainRandomness } from '../../chain/rand/chain-randomness.ts'
import { Address } from '../../core/address.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'
import { BitField } from '../../crypto/bitfield.ts'
import { InvalidError } from '../../util/errors.ts'
import type { ChainAccess } from './chain.ts'
import { minerAt } from './state-miner.ts'

type PartitionSet = 'faultySectors' | 'recoveringSectors'

export function stateSealingHandlers(node: ChainAccess): Handlers<typeof StateSealingMethods> {
  const randomness = async (tsk: TipSetKey) => {
    const n = node()
    return new ChainRandomness(n.chain, await n.sm.tipSet(tsk), await n.sm.beacon())
  }
  const checkEpoch = (epoch: bigint): number => {
    if (epoch > BigInt(Number.MAX_SAFE_INTEGER) || epoch < BigInt(Number.MIN_SAFE_INTEGER))
      throw new InvalidError(`randomness epoch ${epoch} is out of range`)
    return Number(epoch)
  }
  const tag = (p: bigint): number => {
    if (p < 1n || p > 1000n) throw new InvalidError(`unknown domain separation tag ${p}`)
    return Number(p)
  }
  /** The quality-adjusted power of a sector of the precommit's miner (no deals: its size). */
  const pledgeFor = async (
    maddr: Address,
    pci: unknown,
    tsk: TipSetKey,
    formula: typeof preCommitDepositOn,
  ): Promise<bigint> => {
    SectorPreCommitInfoCodec.fromJson(pci, 'pci')
    const n = node()
    const ts = await n.sm.tipSet(tsk)
    const { act } = await minerAt(node, maddr, tsk)
    const info = await minerInfo(n.blockstore, act.head)
    return formula(await n.sm.stateTree(ts), info.sectorSize)
  }
  const partitionUnion = async (maddr: Address, tsk: TipSetKey, which: PartitionSet): Promise<BitField> => {
    const { act } = await minerAt(node, maddr, tsk)
    let out = BitField.empty
    for (const dl of await deadlines(node().blockstore, act.head))
      for (const p of dl.partitions) out = out.union(p[which])
    return out
  }
  return {
    StateGetRandomnessFromTickets: async (_ctx, p, epoch, entropy, tsk) =>
      (await randomness(tsk)).fromTickets(tag(p), checkEpoch(epoch), entropy),
    StateGetRandomnessFromBeacon: async (_ctx, p, epoch, entropy, tsk) =>
      (await randomness(tsk)).fromBeacon(tag(p), checkEpoch(epoch), entropy),
    StateSectorPreCommitInfo: async (_ctx, maddr, n, tsk) => {
      const { act } = await minerAt(node, maddr, tsk)
      if (n > BigInt(Number.MAX_SAFE_INTEGER)) return null
      const pc = await preCommitInfo(node().blockstore, act.head, Number(n))
      return pc ? LotusJson.toJson(SectorPreCommitOnChainInfoCodec.toJson(pc)) : null
    },
    StateMinerPreCommitDepositForPower: (_ctx, maddr, pci, tsk) => pledgeFor(maddr, pci, tsk, preCommitDepositOn),
    StateMinerInitialPledgeCollateral: (_ctx, maddr, pci, tsk) => pledgeFor(maddr, pci, tsk, initialPledgeOn),
    StateMinerFaults: (_ctx, maddr, tsk) => partitionUnion(maddr, tsk, 'faultySectors'),
    StateMinerRecoveries: (_ctx, maddr, tsk) => partitionUnion(maddr, tsk, 'recoveringSectors'),
    StateListActors: async (_ctx, tsk) => {
      const n = node()
      const tree = await n.sm.stateTree(await n.sm.tipSet(tsk))
      const out: Address[] = []
      for await (const [addr] of tree.actors()) out.push(addr)
      return out
    },
    StateListMiners: async (_ctx, tsk) => {
      const n = node()
      const tree = await n.sm.stateTree(await n.sm.tipSet(tsk))
      const out: Address[] = []
      for await (const [k] of allClaims(await loadClaims(tree.store, await powerState(tree))))
        out.push(Address.fromBytes(k))
      return out
    },
  }
}
