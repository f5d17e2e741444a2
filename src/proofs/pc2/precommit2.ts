/**
 * PreCommit2 (rust-fil-proofs `replicate_phase2` + filecoin-proofs `seal_pre_commit_phase2`): from the SDR
 * layers PC1 left in the cache folder and the unsealed sector, builds TreeC (column hashes, then arity 8),
 * TreeD (binary SHA-256, root CommD), the sealed replica (data + last layer, mod r) and TreeR over it,
 * then CommR = Poseidon-2(CommC, CommRLast). Writes the tree files, `p_aux`, `t_aux` and the sealed file
 * under Lotus's names. Synchronous and CPU-bound: run it in a worker thread for anything past 2KiB.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { InvalidError, LotusError } from '../../util/errors.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { commPToCid, commRToCid } from '../piece-cid.ts'
import { sealProof } from '../registered-proof.ts'
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
import { hashPair, octTreeRows } from './poseidon-tree.ts'
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

function readOrThrow(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new LotusError('ERR_STORAGE', `PC2: cannot read ${what} ${path}: ${(err as Error).message}`)
  }
}

/** Computes the commitments and writes the cache files and the sealed replica. */
export function preCommit2(input: PreCommit2Input, opts: PreCommit2Options = {}): PreCommit2Output {
  const info = sealProof(input.proof)
  checkSingleTree(info.sectorSize, `PC2 ${info.name}`)
  const bytes = info.sectorSize
  const progress = (f: number) => opts.onProgress?.(f)
  const layers: Uint8Array[] = []
  for (let l = 1; l <= info.layers; l++) {
    const layer = readOrThrow(cachePath(input.cacheDir, layerFileName(l)), `layer ${l}`)
    if (layer.length !== bytes) throw new InvalidError(`PC2: layer ${l} is ${layer.length} bytes, want ${bytes}`)
    layers.push(layer)
  }
  const data = typeof input.unsealed === 'string' ? readOrThrow(input.unsealed, 'unsealed sector') : input.unsealed
  if (data.length !== bytes) throw new InvalidError(`PC2: unsealed sector is ${data.length} bytes, want ${bytes}`)

  const treeC = octTreeRows(columnHashes(layers, opts.signal), opts.signal)
  writeFileSync(cachePath(input.cacheDir, TREE_C_FILE), rowsToFile(treeC))
  progress(0.5)
  const treeD = binaryTreeRows(data, opts.kernel, opts.signal)
  writeFileSync(cachePath(input.cacheDir, TREE_D_FILE), rowsToFile(treeD))
  progress(0.6)
  const replica = encodeReplica(data, layers[layers.length - 1]!)
  writeFileSync(input.sealedPath, replica)
  const treeR = octTreeRows(replica, opts.signal)
  const rowsToDiscard = defaultRowsToDiscard(info.nodes, OCT_ARITY)
  writeFileSync(
    cachePath(input.cacheDir, TREE_R_LAST_FILE),
    rowsToFile(treeR, firstCachedRow(info.nodes, OCT_ARITY, rowsToDiscard)),
  )
  progress(0.95)
  const commC = treeC[treeC.length - 1]!
  const commRLast = treeR[treeR.length - 1]!
  const commD = treeD[treeD.length - 1]!
  const commR = hashPair(commC, commRLast)
  writeFileSync(cachePath(input.cacheDir, P_AUX_FILE), encodePAux({ commC, commRLast }))
  writeFileSync(
    cachePath(input.cacheDir, T_AUX_FILE),
    encodeTAux(temporaryAuxConfigs(input.cacheDir, info.nodes, info.layers, rowsToDiscard)),
  )
  progress(1)
  return {
    commD: commD.slice(),
    commC: commC.slice(),
    commRLast: commRLast.slice(),
    commR,
    unsealedCid: commPToCid(commD).toString(),
    sealedCid: commRToCid(commR).toString(),
  }
}
