/**
 * Everything one Poseidon instance needs, built once per arity and cached: neptune's round numbers,
 * Grain round constants, Cauchy MDS matrix and Merkle-tree domain tag, plus the optimized schedule
 * (neptune's "OptimizedStatic": compressed round constants, a pre-sparse matrix and one sparse matrix
 * per partial round) that both the optimized reference and the fast kernel run.
 */
import { InvalidError } from '../../util/errors.ts'
import { type Fr, FR_MODULUS, frAdd } from './fr.ts'
import { cauchyMds, type Matrix, matInvert, matMul, matVec, minor00, rows } from './matrix.ts'
import { grainRoundConstants } from './round-constants.ts'
import { roundNumbers } from './round-numbers.ts'

/** The arities Filecoin uses: 2 (CommR, 2-layer TreeC), 4, 8 (TreeC/TreeR nodes), 11 (11-layer TreeC columns). */
export const POSEIDON_ARITIES = [2, 4, 8, 11] as const
export type PoseidonArity = (typeof POSEIDON_ARITIES)[number]

/** The sparse matrix that replaces M in one partial round: dense first row and column, identity elsewhere. */
export interface SparseMatrix {
  /** Row 0: new x0 = Σ_j row[j] · x[j]. Length t. */
  row: Fr[]
  /** Column 0 below the diagonal: new x[i] = x[i] + col[i-1] · x0, for i >= 1. Length t - 1. */
  col: Fr[]
}

export interface PoseidonConstants {
  arity: number
  /** State width t = arity + 1. */
  width: number
  fullRounds: number
  partialRounds: number
  /** neptune's MerkleTree domain tag 2^arity - 1, placed in state[0]. */
  domainTag: Fr
  /** The Grain constants, t per round, in round order. */
  roundConstants: Fr[]
  /** The Cauchy MDS matrix. */
  mds: Matrix
  /** Optimized schedule: added to the state before the first round (equals the first t round constants). */
  initialKeys: Fr[]
  /** Optimized schedule: per round, the t keys added after its S-boxes (null for partial rounds and the last round). */
  fullKeys: (Fr[] | null)[]
  /** Optimized schedule: per partial round, one key added to x0 after its S-box. */
  partialKeys: Fr[]
  /** Replaces M in the last full round before the partial rounds. */
  preSparse: Matrix
  /** One per partial round, in order. */
  sparse: SparseMatrix[]
}

const cache = new Map<number, PoseidonConstants>()

/** Throws InvalidError unless the arity is one Filecoin uses. */
export function checkArity(arity: number): asserts arity is PoseidonArity {
  if (!(POSEIDON_ARITIES as readonly number[]).includes(arity)) {
    throw new InvalidError(`Poseidon arity ${arity} is not supported (supported: ${POSEIDON_ARITIES.join(', ')})`)
  }
}

/** The constants for an arity, computed on first use and cached. */
export function poseidonConstants(arity: number): PoseidonConstants {
  checkArity(arity)
  let c = cache.get(arity)
  if (!c) {
    c = build(arity)
    cache.set(arity, c)
  }
  return c
}

function build(arity: number): PoseidonConstants {
  const t = arity + 1
  const { full: fullRounds, partial: partialRounds } = roundNumbers(t)
  const roundConstants = grainRoundConstants(t, fullRounds, partialRounds)
  const mds = cauchyMds(t)
  const total = fullRounds + partialRounds
  const firstPartial = fullRounds / 2
  const lastPartial = firstPartial + partialRounds - 1
  const roundKeys = (r: number) => roundConstants.slice(r * t, (r + 1) * t)

  // Move each round's constants behind the previous round's S-boxes: k[r] = M^-1 · c[r+1].
  const mInv = matInvert(mds)
  const keys: Fr[][] = []
  for (let r = 0; r < total - 1; r++) keys.push(matVec(mInv, roundKeys(r + 1)))
  // In a partial round only x0 meets the S-box, so keys for x1.. pass back through the previous M.
  const partialKeys: Fr[] = new Array(partialRounds)
  for (let r = lastPartial; r >= firstPartial; r--) {
    const k = keys[r]!
    partialKeys[r - firstPartial] = k[0]!
    const back = matVec(mInv, [0n, ...k.slice(1)])
    keys[r - 1] = keys[r - 1]!.map((x, i) => frAdd(x, back[i]!))
  }
  // Partial rounds carry a single key; the last round has none.
  const fullKeys = [...keys, null].map((k, r) => (r >= firstPartial && r <= lastPartial ? null : k))

  // Factor each partial round's matrix A = M'' · M' (M' = diag(1, Â) commutes with the partial S-box),
  // from the last partial round back; M' folds into the previous round's matrix.
  const sparse: SparseMatrix[] = new Array(partialRounds)
  let a = mds
  for (let r = partialRounds - 1; r >= 0; r--) {
    const hat = minor00(a)
    const hatInv = matInvert(hat)
    const row0 = a[0]!
    const rest = hat.map((_, j) => {
      let s = 0n
      for (let k = 0; k < t - 1; k++) s += row0[k + 1]! * hatInv[k]![j]!
      return s % FR_MODULUS
    })
    sparse[r] = {
      row: [row0[0]!, ...rest],
      col: a.slice(1).map((row) => row[0]!),
    }
    const mPrime = rows(t, (i, j) => (i === 0 || j === 0 ? (i === j ? 1n : 0n) : hat[i - 1]![j - 1]!))
    a = matMul(mPrime, mds)
  }
  return {
    arity,
    width: t,
    fullRounds,
    partialRounds,
    domainTag: (1n << BigInt(arity)) - 1n,
    roundConstants,
    mds,
    initialKeys: roundKeys(0),
    fullKeys,
    partialKeys,
    preSparse: a,
    sparse,
  }
}
