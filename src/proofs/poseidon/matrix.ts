/**
 * Small dense matrices over Fr (at most 12 × 12), used once per arity to build the MDS matrix and the
 * sparse factorisation of the partial rounds. Column-vector convention: y = M · x, y[i] = Σ_j M[i][j] x[j].
 */
import { type Fr, FR_MODULUS, frAdd, frInv, frMul, frSub } from './fr.ts'
import { InvalidError } from '../../util/errors.ts'

export type Matrix = Fr[][]

/** neptune's Cauchy MDS matrix: M[i][j] = 1 / (x_i + y_j) with x_i = i and y_j = t + j. It is symmetric. */
export function cauchyMds(t: number): Matrix {
  return rows(t, (i, j) => frInv(BigInt(i + t + j)))
}

export function rows(n: number, cell: (i: number, j: number) => Fr): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => cell(i, j)))
}

export function matMul(a: Matrix, b: Matrix): Matrix {
  const n = a.length
  return rows(n, (i, j) => {
    let s = 0n
    for (let k = 0; k < n; k++) s += a[i]![k]! * b[k]![j]!
    return s % FR_MODULUS
  })
}

export function matVec(m: Matrix, x: readonly Fr[]): Fr[] {
  return m.map((row) => {
    let s = 0n
    for (let j = 0; j < row.length; j++) s = frAdd(s, frMul(row[j]!, x[j]!))
    return s
  })
}

/** The inverse by Gauss-Jordan elimination; throws InvalidError when the matrix is singular. */
export function matInvert(m: Matrix): Matrix {
  const n = m.length
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1n : 0n))])
  for (let col = 0; col < n; col++) {
    const pivot = a.findIndex((row, r) => r >= col && row[col] !== 0n)
    if (pivot < 0) throw new InvalidError(`matrix of size ${n} is singular`)
    const tmp = a[col]!
    a[col] = a[pivot]!
    a[pivot] = tmp
    const rowC = a[col]!
    const inv = frInv(rowC[col]!)
    for (let k = 0; k < 2 * n; k++) rowC[k] = frMul(rowC[k]!, inv)
    for (let r = 0; r < n; r++) {
      const row = a[r]!
      const factor = row[col]!
      if (r === col || factor === 0n) continue
      for (let k = 0; k < 2 * n; k++) row[k] = frSub(row[k]!, frMul(factor, rowC[k]!))
    }
  }
  return a.map((row) => row.slice(n))
}

/** The matrix without its first row and first column. */
export function minor00(m: Matrix): Matrix {
  return m.slice(1).map((row) => row.slice(1))
}
