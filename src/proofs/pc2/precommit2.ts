/**
 * PreCommit2 (rust-fil-proofs `replicate_phase2` + filecoin-proofs `seal_pre_commit_phase2`): from the SDR
 * layers PC1 left in the cache folder and the unsealed sector, builds TreeC (column hashes, then arity 8),
 * TreeD (binary SHA-256, root CommD), the sealed replica (data + last layer, mod r) and TreeR over it,
 * then CommR = Poseidon-2(CommC, CommRLast). Writes the tree files, `p_aux`, `t_aux` and the sealed file
 * under Lotus's names.
 *
 * The work splits into parts over aligned node ranges (`preCommit2Part`, each a whole set of subtrees of
 * all three trees) that can run on separate threads, and a cheap merge (`preCommit2Merge`) that joins the
 * rows, hashes the few top nodes and writes the files. `preCommit2` runs one part covering the sector.
 * Synchronous and CPU-bound: run it in a worker thread for anything past 2KiB (../porep/async.ts).
 */
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs'
import { InvalidError, LotusError } from '../../util/errors.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { commPToCid, commRToCid } from '../piece-cid.ts'
import { type SealProofInfo, sealProof } from '../registered-proof.ts'
import { encodeReplica } from '../sdr/encode.ts'
import { layerFileName } from '../sdr/precommit1.ts'
import {
  cachePath,
  encodePAux,
  encodeTAux,
  P_AUX_FILE,
  rowsToFile,
  T_AUX_FILE,
  TREE_C_FILE,
  TREE_D_FILE,
  TREE_R_LAST_FILE,
  temporaryAuxConfigs,
} from './cache-files.ts'
import { columnHashes } from './columns.ts'
import { hashPair, octRowsWhileWhole, octTreeRows } from './poseidon-tree.ts'
import { binaryTreeRows } from './sha-tree.ts'
import { checkSingleTree, defaultRowsToDiscard, firstCachedRow, OCT_ARITY } from './tree-shape.ts'

export interface PreCommit2Input {
  /** Registered seal proof number. */
  readonly proof: number
  /** The cache folder holding PC1's layers; the trees, p_aux and t_aux are written here. */
  readonly cacheDir: string
  /** The unsealed sector (Fr32-padded, sector-size bytes): a path or the bytes. */
  readonly unsealed: string | Uint8Array
  /** Where the sealed replica is written. */
  readonly sealedPath: string
}

export interface PreCommit2Output {
  readonly commD: Uint8Array
  readonly commC: Uint8Array
  readonly commRLast: Uint8Array
  readonly commR: Uint8Array
  /** baga6ea4seaq… */
  readonly unsealedCid: string
  /** bagboea4b5abc… */
  readonly sealedCid: string
}

export interface PreCommit2Options {
  readonly kernel?: Kernel
  readonly onProgress?: (fraction: number) => void
  readonly signal?: AbortSignal
}

/** The rows of the three trees over nodes [start, end), bottom up, as far as they stay within the range. */
export interface PreCommit2Part {
  readonly start: number
  readonly end: number
  /** Row 0: column hashes. */
  readonly treeC: Uint8Array[]
  /** Row 0: the unsealed data. */
  readonly treeD: Uint8Array[]
  /** Row 0: the sealed replica. */
  readonly treeR: Uint8Array[]
}

function storage(message: string): LotusError {
  return new LotusError('ERR_STORAGE', message)
}

/** Bytes [offset, offset + length) of a file; LotusError if missing or short. */
function readRange(path: string, offset: number, length: number, what: string): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    throw storage(`PC2: cannot read ${what} ${path}: ${(err as Error).message}`)
  }
  try {
    const out = new Uint8Array(length)
    let got = 0
    while (got < length) {
      const n = readSync(fd, out, got, length - got, offset + got)
      if (n === 0) throw new InvalidError(`PC2: ${what} ${path} is shorter than the sector`)
      got += n
    }
    return out
  } finally {
    closeSync(fd)
  }
}

function checkedInfo(input: PreCommit2Input): SealProofInfo {
  const info = sealProof(input.proof)
  checkSingleTree(info.sectorSize, `PC2 ${info.name}`)
  if (typeof input.unsealed !== 'string' && input.unsealed.length !== info.sectorSize)
    throw new InvalidError(`PC2: unsealed sector is ${input.unsealed.length} bytes, want ${info.sectorSize}`)
  return info
}

/** Checks that [start, end) is one of `parts` equal aligned ranges (parts a power of two up to 8). */
export function checkPartRange(nodes: number, start: number, end: number): void {
  const size = end - start
  const parts = nodes / size
  if (!Number.isInteger(parts) || ![1, 2, 4, 8].includes(parts) || start % size !== 0 || start < 0 || end > nodes)
    throw new InvalidError(`PC2: node range [${start}, ${end}) is not an aligned 1/1, 1/2, 1/4 or 1/8 of ${nodes}`)
}

/** Builds the trees' rows over nodes [start, end) (an aligned half, quarter or eighth, or the whole). */
export function preCommit2Part(
  input: PreCommit2Input,
  start: number,
  end: number,
  opts: PreCommit2Options = {},
): PreCommit2Part {
  const info = checkedInfo(input)
  checkPartRange(info.nodes, start, end)
  const off = start * 32
  const len = (end - start) * 32
  const layers: Uint8Array[] = []
  for (let l = 1; l <= info.layers; l++)
    layers.push(readRange(cachePath(input.cacheDir, layerFileName(l)), off, len, `layer ${l}`))
  const data =
    typeof input.unsealed === 'string'
      ? readRange(input.unsealed, off, len, 'unsealed sector')
      : input.unsealed.subarray(off, off + len)
  const treeC = octRowsWhileWhole(columnHashes(layers, opts.signal), opts.signal)
  opts.onProgress?.(0.6)
  const treeD = binaryTreeRows(data, opts.kernel, opts.signal)
  opts.onProgress?.(0.65)
  const replica = encodeReplica(data, layers[layers.length - 1]!)
  const treeR = octRowsWhileWhole(replica, opts.signal)
  opts.onProgress?.(1)
  return { start, end, treeC, treeD, treeR }
}

/** Joins each row of the parts (in node order) and finishes the tree up to its root. */
function joinRows(rows: Uint8Array[][], finish: (top: Uint8Array) => Uint8Array[]): Uint8Array[] {
  const levels = Math.min(...rows.map((r) => r.length))
  const joined: Uint8Array[] = []
  for (let level = 0; level < levels; level++) {
    const parts = rows.map((r) => r[level]!)
    if (parts.length === 1) joined.push(parts[0]!)
    else joined.push(rowsToFile(parts))
  }
  const top = joined[joined.length - 1]!
  return top.length === 32 ? joined : [...joined, ...finish(top).slice(1)]
}

/** Joins the parts (covering the sector, any order), writes every file and returns the commitments. */
export function preCommit2Merge(
  input: PreCommit2Input,
  partsIn: readonly PreCommit2Part[],
  opts: PreCommit2Options = {},
): PreCommit2Output {
  const info = checkedInfo(input)
  const parts = [...partsIn].sort((a, b) => a.start - b.start)
  let at = 0
  for (const p of parts) {
    if (p.start !== at) throw new InvalidError(`PC2: parts leave a gap or overlap at node ${at}`)
    at = p.end
  }
  if (at !== info.nodes) throw new InvalidError(`PC2: parts cover ${at} of ${info.nodes} nodes`)
  const treeC = joinRows(
    parts.map((p) => p.treeC),
    (top) => octTreeRows(top, opts.signal),
  )
  const treeD = joinRows(
    parts.map((p) => p.treeD),
    (top) => binaryTreeRows(top, opts.kernel, opts.signal),
  )
  const treeR = joinRows(
    parts.map((p) => p.treeR),
    (top) => octTreeRows(top, opts.signal),
  )
  writeFileSync(cachePath(input.cacheDir, TREE_C_FILE), rowsToFile(treeC))
  writeFileSync(cachePath(input.cacheDir, TREE_D_FILE), rowsToFile(treeD))
  writeFileSync(input.sealedPath, treeR[0]!)
  const rowsToDiscard = defaultRowsToDiscard(info.nodes, OCT_ARITY)
  writeFileSync(
    cachePath(input.cacheDir, TREE_R_LAST_FILE),
    rowsToFile(treeR, firstCachedRow(info.nodes, OCT_ARITY, rowsToDiscard)),
  )
  const commC = treeC[treeC.length - 1]!.slice()
  const commRLast = treeR[treeR.length - 1]!.slice()
  const commD = treeD[treeD.length - 1]!.slice()
  const commR = hashPair(commC, commRLast)
  writeFileSync(cachePath(input.cacheDir, P_AUX_FILE), encodePAux({ commC, commRLast }))
  writeFileSync(
    cachePath(input.cacheDir, T_AUX_FILE),
    encodeTAux(temporaryAuxConfigs(input.cacheDir, info.nodes, info.layers, rowsToDiscard)),
  )
  opts.onProgress?.(1)
  return {
    commD,
    commC,
    commRLast,
    commR,
    unsealedCid: commPToCid(commD).toString(),
    sealedCid: commRToCid(commR).toString(),
  }
}

/** Computes the commitments and writes the cache files and the sealed replica, on this thread. */
export function preCommit2(input: PreCommit2Input, opts: PreCommit2Options = {}): PreCommit2Output {
  const info = checkedInfo(input)
  const part = preCommit2Part(input, 0, info.nodes, {
    ...opts,
    onProgress: (f) => opts.onProgress?.(f * 0.95),
  })
  return preCommit2Merge(input, [part], opts)
}
