/**
 * Reorg operations (Lotus `store.ReorgOps`) and the finality guard (`exceedsForkLength`).
 */
import type { TipSet } from '../../core/tipset.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'

export type LoadTipSet = (key: TipSetKey) => Promise<TipSet>

/** One head change: a tipset leaving the canonical chain (revert) or joining it (apply). */
export interface HeadChange {
  type: 'revert' | 'apply'
  ts: TipSet
}

/**
 * The tipsets to revert (from `from`, newest first) and to apply (toward `to`, newest first, as Lotus
 * returns them) to move the head from `from` to `to`.
 */
export async function reorgOps(
  load: LoadTipSet,
  from: TipSet,
  to: TipSet,
): Promise<{ revert: TipSet[]; apply: TipSet[] }> {
  let left = from
  let right = to
  const revert: TipSet[] = []
  const apply: TipSet[] = []
  while (!left.equals(right)) {
    if (left.height > right.height) {
      revert.push(left)
      left = await load(left.parents)
    } else {
      apply.push(right)
      right = await load(right.parents)
    }
  }
  return { revert, apply }
}

/** Notifications in the order Lotus sends them: reverts newest first, then applies oldest first. */
export function headChanges(ops: { revert: TipSet[]; apply: TipSet[] }): HeadChange[] {
  return [
    ...ops.revert.map((ts) => ({ type: 'revert' as const, ts })),
    ...[...ops.apply].reverse().map((ts) => ({ type: 'apply' as const, ts })),
  ]
}

/**
 * Lotus `exceedsForkLength`: whether adopting `external` means walking back `finality` or more tipsets
 * from `synced` (or to genesis) without meeting a common ancestor.
 */
export async function exceedsForkLength(
  load: LoadTipSet,
  synced: TipSet,
  external: TipSet,
  finality: number,
): Promise<boolean> {
  let s = synced
  let e = external
  for (let forkLength = 0; forkLength < finality; forkLength++) {
    while (e.height > s.height) {
      if (e.height === 0) return true
      e = await load(e.parents)
    }
    if (s.equals(e)) return false
    if (s.height === 0) return true
    s = await load(s.parents)
  }
  return true
}
