/**
 * Tipset expansion (Lotus `ChainStore.expandTipset` / `AddToTipSetTracker`): the valid blocks seen for each
 * (height, parents), so a new valid block joins the others of its height and parents into one tipset. As in
 * Lotus, a tipset takes one block per miner: a second block of a miner at the same height (equivocation)
 * makes a tipset with the other miners' blocks, not with its own earlier one.
 * Groups below `prune(height)` are dropped (forks that deep are refused anyway).
 */
import { type BlockHeader, blockHeaderCid } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'

const groupKey = (h: BlockHeader): string => `${h.height}/${new TipSetKey(h.parents).key}`

export class TipSetGroups {
  private readonly groups = new Map<string, { height: number; blocks: Map<string, BlockHeader> }>()
  private readonly known = new Set<string>()

  /** Whether this block was validated and added. */
  has(cid: CID): boolean {
    return this.known.has(cid.toString())
  }

  /** Adds a valid block; returns it in a tipset with the valid blocks of its height and parents (one per miner). */
  add(h: BlockHeader): TipSet {
    const k = groupKey(h)
    let g = this.groups.get(k)
    if (!g) {
      g = { height: h.height, blocks: new Map() }
      this.groups.set(k, g)
    }
    const cid = blockHeaderCid(h).toString()
    const members = [h]
    const miners = new Set([h.miner.key])
    for (const other of g.blocks.values())
      if (!miners.has(other.miner.key)) {
        miners.add(other.miner.key)
        members.push(other)
      }
    g.blocks.set(cid, h)
    this.known.add(cid)
    return TipSet.create(members)
  }

  /** Forgets the groups below `height`. */
  prune(height: number): void {
    for (const [k, g] of this.groups)
      if (g.height < height) {
        this.groups.delete(k)
        for (const cid of g.blocks.keys()) this.known.delete(cid)
      }
  }
}
