/**
 * Opening TreeR for proofs: its leaves are the sealed replica and only the rows above the discarded ones
 * are on disk (`sc-02-data-tree-r-last.dat`), so a path is rebuilt from the replica block under the first
 * cached node (8^(rows_to_discard+1) leaves, 16 KiB at 8MiB and 512MiB) plus the cached rows, as
 * merkletree's `gen_cached_proof` does. A rebuilt node that disagrees with the cache means a corrupt
 * replica or cache: TreeRCorruptError.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { LotusError } from '../../util/errors.ts'
import { cachePath, fileToRows, TREE_R_LAST_FILE } from './cache-files.ts'
import { pathFromRows } from './merkle-path.ts'
import { octTreeRows } from './poseidon-tree.ts'
import { defaultRowsToDiscard, firstCachedRow, OCT_ARITY, treeRowCount } from './tree-shape.ts'

/** The replica or the TreeR cache does not match itself. */
export class TreeRCorruptError extends LotusError {
  constructor(message: string) {
    super('ERR_STORAGE', message)
    this.name = 'TreeRCorruptError'
  }
}

export interface TreeRLeafProof {
  readonly leaf: Uint8Array
  readonly path: Uint8Array
}

/** An opened TreeR. Call `close()` when done. */
export interface TreeR {
  readonly root: Uint8Array
  readonly levels: number
  prove(index: number): TreeRLeafProof
  close(): void
}

function storageError(what: string, err: unknown): LotusError {
  return new LotusError('ERR_STORAGE', `TreeR: ${what}: ${(err as Error).message}`)
}

/** Opens TreeR of a sector of `nodes` nodes from its cache folder and sealed replica. */
export function openTreeR(cacheDir: string, sealedPath: string, nodes: number): TreeR {
  const rowsToDiscard = defaultRowsToDiscard(nodes, OCT_ARITY)
  const first = firstCachedRow(nodes, OCT_ARITY, rowsToDiscard)
  const levels = treeRowCount(nodes, OCT_ARITY) - 1
  let cacheBytes: Uint8Array
  try {
    cacheBytes = readFileSync(cachePath(cacheDir, TREE_R_LAST_FILE))
  } catch (err) {
    throw storageError('cannot read the tree-r-last cache', err)
  }
  let cached: Uint8Array[]
  try {
    cached = fileToRows(cacheBytes, nodes / OCT_ARITY ** first, OCT_ARITY, 'tree-r-last')
  } catch (err) {
    throw new TreeRCorruptError((err as Error).message)
  }
  let fd: number
  try {
    fd = openSync(sealedPath, 'r')
  } catch (err) {
    throw storageError(`cannot open the sealed replica ${sealedPath}`, err)
  }
  const block = OCT_ARITY ** first
  const root = cached[cached.length - 1]!
  // Rebuilt blocks, kept while the tree is open (challenges often share one: at 2KiB there is only one).
  const blocks = new Map<number, Uint8Array[]>()
  const blockRows = (start: number, top: number): Uint8Array[] => {
    const known = blocks.get(top)
    if (known) return known
    const leaves = new Uint8Array(block * 32)
    let got: number
    try {
      got = readSync(fd, leaves, 0, leaves.length, start * 32)
    } catch (err) {
      throw storageError('cannot read the sealed replica', err)
    }
    if (got !== leaves.length) throw new TreeRCorruptError(`TreeR: sealed replica is truncated at node ${start}`)
    let low: Uint8Array[]
    try {
      low = octTreeRows(leaves)
    } catch (err) {
      throw new TreeRCorruptError(`TreeR: sealed replica node block at ${start}: ${(err as Error).message}`)
    }
    const rebuilt = low[low.length - 1]!
    const stored = cached[0]!.subarray(top * 32, top * 32 + 32)
    for (let i = 0; i < 32; i++)
      if (rebuilt[i] !== stored[i])
        throw new TreeRCorruptError(`TreeR: replica block at node ${start} does not match the tree-r-last cache`)
    if (blocks.size < 256) blocks.set(top, low)
    return low
  }
  return {
    root,
    levels,
    prove(index: number): TreeRLeafProof {
      if (!Number.isInteger(index) || index < 0 || index >= nodes)
        throw new TreeRCorruptError(`TreeR: leaf ${index} is outside [0, ${nodes})`)
      const start = index - (index % block)
      const top = Math.floor(index / block)
      const low = blockRows(start, top)
      const leaves = low[0]!
      const lowPath = pathFromRows(low, OCT_ARITY, index % block)
      const highPath = pathFromRows(cached, OCT_ARITY, top)
      const path = new Uint8Array(lowPath.length + highPath.length)
      path.set(lowPath, 0)
      path.set(highPath, lowPath.length)
      return { leaf: leaves.slice((index - start) * 32, (index - start + 1) * 32), path }
    },
    close(): void {
      closeSync(fd)
    },
  }
}
