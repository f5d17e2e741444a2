/**
 * C1 (rust-fil-proofs `seal_commit_phase1` → vanilla `prove_layers`): derives the interactive challenges
 * from the seed and opens, for each, the data node in TreeD, the replica node in TreeR, and the columns of
 * the node and its 14 parents in TreeC. Reads only the few nodes it needs from the cache folder (layers,
 * tree files) and the sealed replica; checks the trees against `p_aux` and CommD first.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { InvalidError, LotusError } from '../../util/errors.ts'
import { cachePath, decodePAux, P_AUX_FILE, TREE_C_FILE, TREE_D_FILE } from '../pc2/cache-files.ts'
import { openTreeFile } from '../pc2/tree-file.ts'
import { openTreeR } from '../pc2/tree-r.ts'
import { checkSingleTree } from '../pc2/tree-shape.ts'
import { sealProof } from '../registered-proof.ts'
import { layerFileName } from '../sdr/precommit1.ts'
import { replicaId as makeReplicaId } from '../sdr/replica-id.ts'
import { allPorepChallenges, checkInteractive } from './challenges.ts'
import { nodeParents } from '../sdr/graph.ts'
import { type ChallengeProof, type ColumnOpening, SEAL_PROOF_VERSION, type SealProof } from './types.ts'

export interface Commit1Input {
  readonly proof: number
  readonly cacheDir: string
  readonly sealedPath: string
  readonly proverId: Uint8Array
  readonly sectorNumber: bigint | number
  readonly ticket: Uint8Array
  readonly seed: Uint8Array
  readonly commD: Uint8Array
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function storage(message: string): LotusError {
  return new LotusError('ERR_STORAGE', message)
}

/** The vanilla seal proof of a sector sealed by PC1 + PC2 into `cacheDir` and `sealedPath`. */
export function commit1(input: Commit1Input, opts: { signal?: AbortSignal } = {}): SealProof {
  const info = sealProof(input.proof)
  checkSingleTree(info.sectorSize, `C1 ${info.name}`)
  checkInteractive(info)
  if (input.seed.length !== 32) throw new InvalidError(`C1: seed is ${input.seed.length} bytes, want 32`)
  const rid = makeReplicaId({ ...input, porepId: info.porepId })
  let pAux: ReturnType<typeof decodePAux>
  try {
    pAux = decodePAux(readFileSync(cachePath(input.cacheDir, P_AUX_FILE)))
  } catch (err) {
    throw storage(`C1: p_aux: ${(err as Error).message}`)
  }
  const treeD = openTreeFile(cachePath(input.cacheDir, TREE_D_FILE), info.nodes, 2, 'TreeD')
  const treeC = openTreeFile(cachePath(input.cacheDir, TREE_C_FILE), info.nodes, 8, 'TreeC')
  const treeR = openTreeR(input.cacheDir, input.sealedPath, info.nodes)
  const layerFds: number[] = []
  try {
    if (!same(treeD.root, input.commD)) throw new InvalidError('C1: TreeD root does not match CommD')
    if (!same(treeC.root, pAux.commC)) throw storage('C1: TreeC root does not match p_aux CommC')
    if (!same(treeR.root, pAux.commRLast)) throw storage('C1: TreeR root does not match p_aux CommRLast')
    for (let l = 1; l <= info.layers; l++) {
      try {
        layerFds.push(openSync(cachePath(input.cacheDir, layerFileName(l)), 'r'))
      } catch (err) {
        throw storage(`C1: layer ${l}: ${(err as Error).message}`)
      }
    }
    const openColumn = (node: number): ColumnOpening => {
      const labels = new Uint8Array(info.layers * 32)
      layerFds.forEach((fd, i) => {
        if (readSync(fd, labels, i * 32, 32, node * 32) !== 32) throw storage(`C1: layer ${i + 1} is truncated`)
      })
      return { labels, path: treeC.prove(node).path }
    }
    const challenges: ChallengeProof[] = allPorepChallenges(info, rid, input.seed).map((c) => {
      opts.signal?.throwIfAborted()
      const d = treeD.prove(c)
      const r = treeR.prove(c)
      const ps = nodeParents(info, c)
      return {
        challenge: c,
        dataLeaf: d.leaf,
        dataPath: d.path,
        replicaLeaf: r.leaf,
        replicaPath: r.path,
        column: openColumn(c),
        parents: ps.map(openColumn),
      }
    })
    return { version: SEAL_PROOF_VERSION, proof: input.proof, commC: pAux.commC, commRLast: pAux.commRLast, challenges }
  } finally {
    treeD.close()
    treeC.close()
    treeR.close()
    for (const fd of layerFds) closeSync(fd)
  }
}
