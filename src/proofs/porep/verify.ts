/**
 * verifySeal: the checks rust-fil-proofs' vanilla `StackedDrg::verify_all_partitions` makes, on the proof
 * C2 encodes. For each challenge the verifier derives itself (from replica_id and the seed):
 * - the data node's TreeD path leads to CommD; the replica node's TreeR path leads to CommRLast;
 * - the columns of the node and of its 14 parents (indices computed from the graph for that node, never
 *   taken from the proof, and without the parents cache) have
 *   TreeC paths to CommC;
 * - every layer's label of the node equals SHA-256 of its parents' labels (labeling proofs);
 * - replica node = data node + last label mod r (encoding proof);
 * and CommR = Poseidon-2(CommC, CommRLast). Returns false for a proof that does not verify; throws
 * DecodeError for bytes that are not a seal proof and InvalidError for bad public inputs.
 */
import { InvalidError } from '../../util/errors.ts'
import { columnHash } from '../pc2/columns.ts'
import { verifyPath } from '../pc2/merkle-path.ts'
import { hashPair } from '../pc2/poseidon-tree.ts'
import { checkSingleTree, OCT_ARITY, treeRowCount } from '../pc2/tree-shape.ts'
import { type SealProofInfo, sealProof } from '../registered-proof.ts'
import { encodeReplica } from '../sdr/encode.ts'
import { replicaId as makeReplicaId } from '../sdr/replica-id.ts'
import { allPorepChallenges, checkInteractive } from './challenges.ts'
import { decodeSealProof } from './codec.ts'
import { labelOf } from './label.ts'
import { nodeParents } from '../sdr/graph.ts'
import type { ChallengeProof, SealProof } from './types.ts'

export interface VerifySealInput {
  /** Registered seal proof number. */
  readonly proof: number
  readonly commR: Uint8Array
  readonly commD: Uint8Array
  readonly proverId: Uint8Array
  readonly sectorNumber: bigint | number
  readonly ticket: Uint8Array
  readonly seed: Uint8Array
  /** C2 bytes. */
  readonly sealProof: Uint8Array
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function node(b: Uint8Array, i: number): Uint8Array {
  return b.subarray(i * 32, i * 32 + 32)
}

function checkChallenge(
  info: SealProofInfo,
  p: SealProof,
  c: ChallengeProof,
  want: number,
  rid: Uint8Array,
  commD: Uint8Array,
): boolean {
  const L = info.layers
  const octLevels = treeRowCount(info.nodes, OCT_ARITY) - 1
  const binLevels = Math.log2(info.nodes)
  if (c.challenge !== want) return false
  if (!verifyPath(2, c.dataLeaf, want, c.dataPath, commD, binLevels)) return false
  if (!verifyPath(OCT_ARITY, c.replicaLeaf, want, c.replicaPath, p.commRLast, octLevels)) return false
  const columns = [c.column, ...c.parents]
  const indices = [want, ...nodeParents(info, want)]
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!
    if (col.labels.length !== L * 32) return false
    let leaf: Uint8Array
    try {
      leaf = columnHash(col.labels)
    } catch {
      return false
    }
    if (!verifyPath(OCT_ARITY, leaf, indices[i]!, col.path, p.commC, octLevels)) return false
  }
  for (let layer = 1; layer <= L; layer++) {
    const drg = c.parents.slice(0, 6).map((col) => node(col.labels, layer - 1))
    const exp = layer === 1 ? [] : c.parents.slice(6).map((col) => node(col.labels, layer - 2))
    if (!same(labelOf(rid, layer, want, drg, exp), node(c.column.labels, layer - 1))) return false
  }
  try {
    return same(encodeReplica(c.dataLeaf, node(c.column.labels, L - 1)), c.replicaLeaf)
  } catch {
    return false
  }
}

/** Whether the C2 bytes prove that CommR seals CommD for this prover, sector, ticket and seed. */
export function verifySeal(input: VerifySealInput): boolean {
  const info = sealProof(input.proof)
  checkSingleTree(info.sectorSize, `verifySeal ${info.name}`)
  checkInteractive(info)
  for (const [name, b] of [
    ['CommR', input.commR],
    ['CommD', input.commD],
    ['seed', input.seed],
  ] as const)
    if (b.length !== 32) throw new InvalidError(`verifySeal: ${name} is ${b.length} bytes, want 32`)
  const p = decodeSealProof(input.sealProof)
  if (p.proof !== input.proof) return false
  if (!same(hashPair(p.commC, p.commRLast), input.commR)) return false
  const rid = makeReplicaId({ ...input, porepId: info.porepId })
  const want = allPorepChallenges(info, rid, input.seed)
  if (p.challenges.length !== want.length) return false
  return p.challenges.every((c, i) => checkChallenge(info, p, c, want[i]!, rid, input.commD))
}
