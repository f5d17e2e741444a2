/**
 * Poseidon on plain bigints, two ways: `poseidonHashRef` runs the rounds exactly as the paper and
 * neptune's "correct" mode do (add t constants, S-box, multiply by M), and `poseidonHashOptimizedRef`
 * runs neptune's optimized schedule (compressed constants, sparse partial rounds). Both must agree;
 * the fast kernel runs the second schedule.
 */
import { InvalidError } from '../../util/errors.ts'
import { poseidonConstants, type PoseidonConstants } from './constants.ts'
import { type Fr, FR_MODULUS, frAdd, frMul, frPow5, isFr } from './fr.ts'
import { matVec } from './matrix.ts'

/** Poseidon hash of `arity` elements with neptune's Merkle-tree domain tag; the result is state[1]. */
export function poseidonHashRef(arity: number, inputs: readonly Fr[]): Fr {
  const c = poseidonConstants(arity)
  return permuteStraight(c, initialState(c, inputs))[1]!
}

/** Same hash through the optimized round schedule (pre-sparse and sparse matrices). */
export function poseidonHashOptimizedRef(arity: number, inputs: readonly Fr[]): Fr {
  const c = poseidonConstants(arity)
  return permuteOptimized(c, initialState(c, inputs))[1]!
}

/** [domain tag, inputs...], after checking the count and that each input is an element. */
export function initialState(c: PoseidonConstants, inputs: readonly Fr[]): Fr[] {
  if (inputs.length !== c.arity) {
    throw new InvalidError(`Poseidon arity ${c.arity} needs exactly ${c.arity} inputs, got ${inputs.length}`)
  }
  inputs.forEach((x, i) => {
    if (!isFr(x)) throw new InvalidError(`Poseidon input ${i} is not an Fr element (a bigint in [0, r)): ${String(x)}`)
  })
  return [c.domainTag, ...inputs]
}

/** The permutation as specified: every round adds its t constants, applies the S-box, multiplies by M. */
export function permuteStraight(c: PoseidonConstants, state: readonly Fr[]): Fr[] {
  const t = c.width
  const half = c.fullRounds / 2
  let s = [...state]
  for (let r = 0; r < c.fullRounds + c.partialRounds; r++) {
    s = s.map((x, i) => frAdd(x, c.roundConstants[r * t + i]!))
    const isFull = r < half || r >= half + c.partialRounds
    if (isFull) s = s.map(frPow5)
    else s[0] = frPow5(s[0]!)
    s = matVec(c.mds, s)
  }
  return s
}

/** The permutation in neptune's optimized schedule; equal to `permuteStraight` for every input. */
export function permuteOptimized(c: PoseidonConstants, state: readonly Fr[]): Fr[] {
  const half = c.fullRounds / 2
  let s = state.map((x, i) => frAdd(x, c.initialKeys[i]!))
  const fullRound = (r: number, matrix: Fr[][]) => {
    const keys = c.fullKeys[r]
    s = s.map((x, i) => (keys ? frAdd(frPow5(x), keys[i]!) : frPow5(x)))
    s = matVec(matrix, s)
  }
  for (let r = 0; r < half; r++) fullRound(r, r === half - 1 ? c.preSparse : c.mds)
  for (let p = 0; p < c.partialRounds; p++) {
    s[0] = frAdd(frPow5(s[0]!), c.partialKeys[p]!)
    const { row, col } = c.sparse[p]!
    let x0 = 0n
    for (let j = 0; j < s.length; j++) x0 += row[j]! * s[j]!
    const old0 = s[0]!
    s = s.map((x, i) => (i === 0 ? x0 % FR_MODULUS : frAdd(x, frMul(col[i - 1]!, old0))))
  }
  for (let r = half + c.partialRounds; r < c.fullRounds + c.partialRounds; r++) fullRound(r, c.mds)
  return s
}
