/**
 * The kernel's dot product o = Σ a[i]·b[i] with lazy reduction: the columns of all n products are summed
 * first and reduced once (one Montgomery reduction instead of one per term). Every MDS row is a dot
 * product, so this is where Poseidon spends most of its time.
 */
import { LIMBS, montReduceColumns, storeLimbs } from './mont-common.ts'
import { I32, ins, Op, type WasmFunction } from './wasm-asm.ts'

const { get, set, i32, i64, load32 } = ins

/** Most terms a dot product may have: 13 · 10 products of 2^56 keep a column below 2^64. */
export const MAX_DOT_TERMS = 12

/**
 * dot(o, a, b, n): a and b point at n (<= 12) consecutive Montgomery elements each; o may alias either.
 * The result is loosely reduced (below 2r).
 */
export function dotFunction(elementBytes: number): WasmFunction {
  const [o, a, b, n] = [0, 1, 2, 3]
  const A = (j: number) => 4 + j // 10
  const B = (j: number) => 14 + j // 10
  const COL = (k: number) => 24 + k // 19
  const M = (i: number) => 43 + i // 10
  const R = (j: number) => 53 + j // 10
  const ACC = 63
  const code: number[] = []
  for (let k = 0; k < 2 * LIMBS - 1; k++) code.push(...i64(0n), ...set(COL(k)))
  const term: number[] = [...get(n), Op.i32Eqz, Op.brIf, 1]
  for (let j = 0; j < LIMBS; j++) term.push(...load32(a, 4 * j), ...set(A(j)), ...load32(b, 4 * j), ...set(B(j)))
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    term.push(...get(COL(k)))
    for (let i = Math.max(0, k - LIMBS + 1); i <= Math.min(k, LIMBS - 1); i++) {
      term.push(...get(A(i)), ...get(B(k - i)), Op.i64Mul, Op.i64Add)
    }
    term.push(...set(COL(k)))
  }
  term.push(
    ...get(a),
    ...i32(elementBytes),
    Op.i32Add,
    ...set(a),
    ...get(b),
    ...i32(elementBytes),
    Op.i32Add,
    ...set(b),
  )
  term.push(...get(n), ...i32(1), Op.i32Sub, ...set(n), Op.br, 0)
  code.push(...ins.blockLoop(term))
  code.push(...montReduceColumns(COL, M, R, ACC))
  code.push(...storeLimbs(R, o))
  return { name: 'dot', params: [I32, I32, I32, I32], i64Locals: 60, body: code }
}
