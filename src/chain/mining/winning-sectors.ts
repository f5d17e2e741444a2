/**
 * The sectors WinningPoSt challenges (Lotus `stmgr.GetSectorsForWinningPoSt`): the miner's active sectors
 * (live, not faulty, not unproven) in the lookback state, in number order; the proof system picks
 * WINNING_POST_SECTOR_COUNT of them from the randomness (byte 31 masked) and the miner's prover id.
 */
import { type Address, Protocol } from '../../core/address.ts'
import { BitField } from '../../crypto/bitfield.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import { generateWinningPoStSectorChallenge } from '../../proofs/post/verifier.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import { ActorKind, actorKindOf } from '../actors/code-cids.ts'
import { deadlines, minerInfo, sectorInfo } from '../actors/miner/queries.ts'
import type { StateTree } from '../state/state-tree.ts'
import type { ExtendedSectorInfo } from '../../core/mining.ts'

/** Window PoSt V1_1 proofs 10..14 and their Winning PoSt proofs 0..4 share the sector-size order. */
export const winningPoStProofOf = (windowPoStProof: number): number => windowPoStProof % 5

export interface WinningSectors {
  /** The miner's registered Winning PoSt proof. */
  postProof: number
  /** How many sectors were eligible. */
  eligible: number
  /** The challenged sectors (none when the miner has no active sector). */
  sectors: ExtendedSectorInfo[]
}

export async function winningPoStSectors(
  store: Blockstore,
  tree: StateTree,
  miner: Address,
  randomness: Uint8Array,
): Promise<WinningSectors> {
  const id = await tree.lookupId(miner)
  const act = id && (await tree.getActor(id))
  if (!id || !act) throw new NotFoundError(`miner ${miner} not found in the lookback state`)
  if (actorKindOf(act.code) !== ActorKind.Miner) throw new InvalidError(`${miner} is not a storage miner`)
  if (id.protocol !== Protocol.ID) throw new InvalidError(`miner ${miner} has no ID address`)
  const info = await minerInfo(store, act.head)
  const postProof = winningPoStProofOf(info.windowPoStProofType)
  const active = BitField.unionAll(
    (await deadlines(store, act.head)).flatMap((d) => d.partitions.map((p) => p.activeSectors)),
  )
  const numbers = active.toArray()
  if (numbers.length === 0) return { postProof, eligible: 0, sectors: [] }
  const picks = generateWinningPoStSectorChallenge(postProof, id.id, randomness, numbers.length)
  const sectors: ExtendedSectorInfo[] = []
  for (const i of picks) {
    const n = numbers[i]!
    const s = await sectorInfo(store, act.head, n)
    if (!s) throw new NotFoundError(`miner ${miner}: active sector ${n} has no on-chain info`)
    sectors.push({
      sealProof: BigInt(s.sealProof),
      sectorNumber: BigInt(s.sectorNumber),
      sectorKey: s.sectorKeyCid,
      sealedCid: s.sealedCid,
    })
  }
  return { postProof, eligible: numbers.length, sectors }
}
