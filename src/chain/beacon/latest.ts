/**
 * Finding beacon entries on a chain: the latest one (Lotus `GetLatestBeaconEntry`, the `prev` of the next
 * block's entries) and the one drawn for an epoch (Lotus `extractBeaconEntryForEpoch`, for beacon randomness).
 * Both walk back from a tipset through the first block of each, as Lotus does, at most 20 tipsets.
 */
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import type { TipSet } from '../../core/tipset.ts'
import { NotFoundError } from '../../util/errors.ts'
import type { ChainStore } from '../store/chain-store.ts'
import type { BeaconVerifier } from './beacon.ts'

const MAX_WALK = 20

/** The latest beacon entry on the chain ending at `ts`. */
export async function latestBeaconEntry(chain: ChainStore, ts: TipSet): Promise<BeaconEntry> {
  let cur = ts
  for (let i = 0; i < MAX_WALK; i++) {
    const entries = cur.blocks[0]!.beaconEntries
    if (entries.length > 0) return entries[entries.length - 1]!
    if (cur.height === 0) throw new NotFoundError('made it back to genesis block without finding beacon entry')
    cur = await chain.loadTipSet(cur.parents)
  }
  // A chain without a beacon carries no entries after genesis: its latest is the genesis entry.
  const genesis = (await chain.getGenesis()).beaconEntries
  if (genesis.length === 1 && genesis[0]!.round === 0) return genesis[0]!
  throw new NotFoundError(`found NO beacon entries in the ${MAX_WALK} latest tipsets`)
}

/** The beacon entry randomness at `epoch` is drawn from, on the chain ending at `head`. */
export async function beaconEntryForEpoch(
  chain: ChainStore,
  head: TipSet,
  beacon: BeaconVerifier,
  epoch: number,
): Promise<BeaconEntry> {
  const round = beacon.maxRoundForEpoch(epoch)
  if (round === 0) {
    const genesis = (await chain.getGenesis()).beaconEntries[0]
    if (!genesis) throw new NotFoundError('the genesis block has no beacon entry')
    return genesis
  }
  let cur = await chain.getTipSetByHeight(Math.max(0, epoch), head, false)
  for (let i = 0; i < MAX_WALK; i++) {
    const e = cur.blocks[0]!.beaconEntries.find((x) => x.round === round)
    if (e) return e
    if (cur.height === 0) break
    cur = await chain.loadTipSet(cur.parents)
  }
  throw new NotFoundError(`didn't find beacon for round ${round} (epoch ${epoch})`)
}
