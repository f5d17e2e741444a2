/**
 * MinerGetBaseInfo (Lotus `stmgr.MinerGetBaseInfo`): for a miner trying to win `epoch` on the tipset `ts`,
 * the beacon entries the block must carry and the randomness base they give, then from the election
 * lookback state: the miner's and the network's power, the sectors WinningPoSt challenges, the worker key,
 * the sector size and whether the miner is eligible. Null when the miner has no power claim at the lookback
 * (it cannot win yet); NotFoundError when it does not exist at all.
 */
import { type Address, AddressCodec } from '../../core/address.ts'
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import { encode } from '../../core/codec.ts'
import type { TipSet } from '../../core/tipset.ts'
import { DomainSeparationTag, drawRandomness } from '../../crypto/randomness.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import type { Beacon } from '../beacon/beacon.ts'
import { ActorKind, actorKindOf } from '../actors/code-cids.ts'
import { minerInfo } from '../actors/miner/queries.ts'
import { TreeStateView } from '../state-manager/tree-view.ts'
import type { StateManager } from '../state-manager/state-manager.ts'
import { lookbackStateRoot } from './lookback-state.ts'
import type { MiningBaseInfo } from '../../core/mining.ts'
import { winningPoStSectors } from './winning-sectors.ts'

export interface BaseInfoDeps {
  sm: StateManager
  beacon: Pick<Beacon, 'entriesForBlock'>
  /** The latest beacon entry on the chain ending at a tipset (Lotus `GetLatestBeaconEntry`). */
  latestBeacon(ts: TipSet): Promise<BeaconEntry>
}

/** WinningPoSt's challenge seed: Draw(rbase, WinningPoStChallengeSeed, epoch, CBOR(miner)). */
export function winningPoStRandomness(rbase: BeaconEntry, miner: Address, epoch: number): Uint8Array {
  return drawRandomness(rbase.data, DomainSeparationTag.WinningPoStChallengeSeed, epoch, encode(AddressCodec, miner))
}

export async function minerBaseInfo(
  deps: BaseInfoDeps,
  miner: Address,
  epoch: number,
  ts: TipSet,
): Promise<MiningBaseInfo | null> {
  if (epoch <= ts.height)
    throw new InvalidError(`cannot mine epoch ${epoch} on tipset ${ts.key} at height ${ts.height}`)
  const { sm } = deps
  const prev = await deps.latestBeacon(ts)
  const entries = deps.beacon.entriesForBlock(epoch, prev)
  const rbase = entries.length > 0 ? entries[entries.length - 1]! : prev
  const lbRoot = await lookbackStateRoot(sm, ts, epoch)
  const view = new TreeStateView(sm.deps.store, async () => lbRoot, sm.policy)
  const tree = await view.load()
  const id = await tree.lookupId(miner)
  const act = id && (await tree.getActor(id))
  if (!id || !act) {
    if ((await sm.getActor(miner, ts)) === undefined) throw new NotFoundError(`miner ${miner} not found`)
    return null
  }
  if (actorKindOf(act.code) !== ActorKind.Miner) throw new InvalidError(`${miner} is not a storage miner`)
  const power = await view.minerPower(id)
  if (power === undefined) return null
  const total = await view.totalPower()
  const won = await winningPoStSectors(sm.deps.store, tree, id, winningPoStRandomness(rbase, id, epoch))
  const info = await minerInfo(sm.deps.store, act.head)
  return {
    minerPower: power.qualityAdjPower,
    networkPower: total.qualityAdjPower,
    sectors: won.sectors,
    workerKey: await view.minerWorkerKey(id),
    sectorSize: info.sectorSize,
    prevBeaconEntry: prev,
    beaconEntries: entries,
    eligibleForMining: await view.minerEligible(id),
  }
}
