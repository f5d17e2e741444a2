/**
 * C2: the versioned DAG-CBOR encoding of a vanilla seal proof (no SNARK).
 *   [version, proof, CommC, CommRLast, [challenge...]]
 *   challenge = [node, dataLeaf, dataPath, replicaLeaf, replicaPath, column, [parent column × 14]]
 *   column    = [labels (L × 32 B), TreeC path]
 * Decoding checks the shape and sizes and throws DecodeError naming the field; whether the contents prove
 * anything is verifySeal's job.
 */
import { asArray, asBytes, asTuple, asUint, type CborValue, decodeCbor, encodeCbor } from '../../core/cbor/index.ts'
import { DecodeError } from '../../util/errors.ts'
import type { ChallengeProof, ColumnOpening, SealProof } from './types.ts'
import { SEAL_PROOF_VERSION } from './types.ts'

/** Upper bound on challenges in one proof (10 partitions × 18 at 32GiB/64GiB). */
const MAX_CHALLENGES = 180
const PARENTS = 14

function column(c: ColumnOpening): CborValue {
  return [c.labels, c.path]
}

export function encodeSealProof(p: SealProof): Uint8Array {
  return encodeCbor([
    p.version,
    p.proof,
    p.commC,
    p.commRLast,
    p.challenges.map((c) => [
      c.challenge,
      c.dataLeaf,
      c.dataPath,
      c.replicaLeaf,
      c.replicaPath,
      column(c.column),
      c.parents.map(column),
    ]),
  ])
}

function bytes32(v: CborValue, field: string): Uint8Array {
  const b = asBytes(v, field)
  if (b.length !== 32) throw new DecodeError(`${field}: ${b.length} bytes, want 32`)
  return b
}

function nodes(v: CborValue, field: string): Uint8Array {
  const b = asBytes(v, field)
  if (b.length % 32 !== 0) throw new DecodeError(`${field}: ${b.length} bytes is not a whole number of nodes`)
  return b
}

function readColumn(v: CborValue, field: string): ColumnOpening {
  const [labels, path] = asTuple(v, 2, field)
  return { labels: nodes(labels!, `${field}.labels`), path: nodes(path!, `${field}.path`) }
}

function readChallenge(v: CborValue, field: string): ChallengeProof {
  const f = asTuple(v, 7, field)
  const parents = asArray(f[6]!, `${field}.parents`)
  if (parents.length !== PARENTS)
    throw new DecodeError(`${field}.parents: ${parents.length} parent columns, want ${PARENTS}`)
  return {
    challenge: asUint(f[0]!, `${field}.challenge`),
    dataLeaf: bytes32(f[1]!, `${field}.dataLeaf`),
    dataPath: nodes(f[2]!, `${field}.dataPath`),
    replicaLeaf: bytes32(f[3]!, `${field}.replicaLeaf`),
    replicaPath: nodes(f[4]!, `${field}.replicaPath`),
    column: readColumn(f[5]!, `${field}.column`),
    parents: parents.map((p, i) => readColumn(p, `${field}.parents[${i}]`)),
  }
}

/** Decodes C2 bytes; DecodeError on truncated, garbage or wrongly shaped input. */
export function decodeSealProof(b: Uint8Array): SealProof {
  let v: CborValue
  try {
    v = decodeCbor(b)
  } catch (err) {
    throw new DecodeError(`seal proof: not valid CBOR: ${(err as Error).message}`, { cause: err })
  }
  const f = asTuple(v, 5, 'seal proof')
  const version = asUint(f[0]!, 'seal proof.version')
  if (version !== SEAL_PROOF_VERSION)
    throw new DecodeError(`seal proof: version ${version} is unknown (this build reads ${SEAL_PROOF_VERSION})`)
  const list = asArray(f[4]!, 'seal proof.challenges')
  if (list.length === 0 || list.length > MAX_CHALLENGES)
    throw new DecodeError(`seal proof: ${list.length} challenges is outside [1, ${MAX_CHALLENGES}]`)
  return {
    version,
    proof: asUint(f[1]!, 'seal proof.proof'),
    commC: bytes32(f[2]!, 'seal proof.commC'),
    commRLast: bytes32(f[3]!, 'seal proof.commRLast'),
    challenges: list.map((c, i) => readChallenge(c, `seal proof.challenges[${i}]`)),
  }
}
