/**
 * Merkle tree shapes as merkletree (filecoin-project/merkletree) and rust-fil-proofs size them: row counts,
 * element counts, and the rows TreeR discards (`default_rows_to_discard`, with rust-fil-proofs' default of
 * 2 for arity 8), which fix the size of the `sc-02-data-tree-r-last.dat` cache file.
 */
import { InvalidError } from '../../util/errors.ts'

/** Arity of TreeC and TreeR for 2KiB, 8MiB and 512MiB sectors (shape <8, 0, 0>). */
export const OCT_ARITY = 8
/** rust-fil-proofs' default `rows_to_discard` for trees of arity other than 2 and 4. */
export const DEFAULT_ROWS_TO_DISCARD = 2

/** Rows of a tree over `leaves` leaves (leaves row and root row included). */
export function treeRowCount(leaves: number, arity: number): number {
  let rows = 1
  let n = leaves
  while (n > 1) {
    if (n % arity !== 0) throw new InvalidError(`tree: ${leaves} leaves is not a power of arity ${arity}`)
    n /= arity
    rows++
  }
  if (n !== 1) throw new InvalidError(`tree: ${leaves} leaves is not a power of arity ${arity}`)
  return rows
}

/** Elements in the whole tree (every row). */
export function treeLen(leaves: number, arity: number): number {
  treeRowCount(leaves, arity)
  let len = 0
  for (let n = leaves; n >= 1; n /= arity) {
    len += n
    if (n === 1) break
  }
  return len
}

/** merkletree `default_rows_to_discard(leaves, arity)`. */
export function defaultRowsToDiscard(leaves: number, arity: number): number {
  const rows = treeRowCount(leaves, arity)
  if (rows <= 2) return 0
  if (rows === 3) return 1
  const max = rows - 2
  const limit = arity === 2 ? 7 : arity === 4 ? 5 : DEFAULT_ROWS_TO_DISCARD
  return Math.min(max, limit)
}

/** The first row kept in a level-cache file: rows below it (leaves and discarded rows) are not stored. */
export function firstCachedRow(leaves: number, arity: number, rowsToDiscard: number): number {
  const rows = treeRowCount(leaves, arity)
  if (rows - 1 <= rowsToDiscard) throw new InvalidError('tree: cannot discard every row but the base')
  return rowsToDiscard + 1
}

/** merkletree `get_merkle_tree_cache_size`: elements in a level-cache file. */
export function cacheSize(leaves: number, arity: number, rowsToDiscard: number): number {
  const first = firstCachedRow(leaves, arity, rowsToDiscard)
  let size = 0
  let n = leaves / arity ** first
  for (;;) {
    size += n
    if (n === 1) break
    n /= arity
  }
  return size
}

/** Largest sector (bytes) whose TreeC/TreeR are one arity-8 tree (shape <8,0,0>): 512MiB. */
export const MAX_SINGLE_TREE_SECTOR = 512 * 1024 * 1024

/** Throws InvalidError for sector sizes whose trees are split (32GiB <8,8,0>, 64GiB <8,8,2>): not built yet. */
export function checkSingleTree(sectorSize: number, what: string): void {
  if (sectorSize > MAX_SINGLE_TREE_SECTOR)
    throw new InvalidError(
      `${what}: ${sectorSize}-byte sectors have split trees, not supported yet (2KiB, 8MiB, 512MiB only)`,
    )
}
