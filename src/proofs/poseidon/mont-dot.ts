/**
 * The kernel's dot product o = Σ a[i]·b[i] with lazy reduction: the full 512-bit products are summed
 * first and reduced once (one Montgomery reduction instead of one per term), which is where Poseidon
 * spends most of its time (every MDS row is a dot product).
 */
import { LIMBS, MASK, P, split, subtractModulus } from './mont-common.ts'
import { I32, ins, Op, type WasmFunction } from './wasm-asm.ts'

const { get, set, i32, i64, load32, store32 } = ins

/** dot(o, a, b, n): a and b point at n consecutive Montgomery elements each; o may alias either. */
export function dotFunction(): WasmFunction {
  const [o, a, b, n] = [0, 1, 2, 3]
  const A = (j: number) => 4 + j // a[i]'s limbs
  const PR = (j: number) => 12 + j // 16 limbs of a[i]·b[i]
  const W = (j: number) => 28 + j // 17 limbs of the running sum (below 12·r^2 < 2^514)
  const [BI, C, S, M, BORROW] = [45, 46, 47, 48, 49]
  const D = (j: number) => 50 + j // 9 limbs
  const code: number[] = []
  for (let j = 0; j <= 2 * LIMBS; j++) code.push(...i64(0n), ...set(W(j)))
  const term: number[] = [...get(n), Op.i32Eqz, Op.brIf, 1]
  for (let j = 0; j < LIMBS; j++) term.push(...load32(a, 4 * j), ...set(A(j)))
  for (let j = 0; j < 2 * LIMBS; j++) term.push(...i64(0n), ...set(PR(j)))
  for (let i = 0; i < LIMBS; i++) {
    term.push(...load32(b, 4 * i), ...set(BI), ...i64(0n), ...set(C))
    for (let j = 0; j < LIMBS; j++) {
      term.push(
        ...split(
          [...get(A(j)), ...get(BI), Op.i64Mul, ...get(PR(i + j)), Op.i64Add, ...get(C), Op.i64Add],
          S,
          PR(i + j),
          C,
        ),
      )
    }
    term.push(...get(C), ...set(PR(i + LIMBS)))
  }
  term.push(...i64(0n), ...set(C))
  for (let j = 0; j < 2 * LIMBS; j++)
    term.push(...split([...get(W(j)), ...get(PR(j)), Op.i64Add, ...get(C), Op.i64Add], S, W(j), C))
  term.push(...get(W(16)), ...get(C), Op.i64Add, ...set(W(16)))
  term.push(...get(a), ...i32(32), Op.i32Add, ...set(a), ...get(b), ...i32(32), Op.i32Add, ...set(b))
  term.push(...get(n), ...i32(1), Op.i32Sub, ...set(n), Op.br, 0)
  code.push(...ins.blockLoop(term))

  // Montgomery reduction of W: add m·r to zero each low limb in turn (r ≡ 1 mod 2^32, so m = -W_i).
  for (let i = 0; i < LIMBS; i++) {
    code.push(...i64(0n), ...get(W(i)), Op.i64Sub, ...i64(MASK), Op.i64And, ...set(M))
    code.push(...get(W(i)), ...get(M), Op.i64Add, ...i64(32n), Op.i64ShrU, ...set(C))
    for (let j = 1; j < LIMBS; j++) {
      code.push(
        ...split(
          [...get(M), ...i64(P[j]!), Op.i64Mul, ...get(W(i + j)), Op.i64Add, ...get(C), Op.i64Add],
          S,
          W(i + j),
          C,
        ),
      )
    }
    for (let k = i + LIMBS; k < 2 * LIMBS; k++) code.push(...split([...get(W(k)), ...get(C), Op.i64Add], S, W(k), C))
    code.push(...get(W(16)), ...get(C), Op.i64Add, ...set(W(16)))
  }
  // W[8..16] < 7r now: subtract r until it would go negative.
  const hi = (j: number) => W(LIMBS + j)
  const reduce = [...subtractModulus(hi, D, S, BORROW, LIMBS + 1), ...get(BORROW), Op.i64Eqz, Op.i32Eqz, Op.brIf, 1]
  for (let j = 0; j <= LIMBS; j++) reduce.push(...get(D(j)), ...set(hi(j)))
  code.push(...ins.blockLoop([...reduce, Op.br, 0]))
  for (let j = 0; j < LIMBS; j++) code.push(...store32(o, 4 * j, get(hi(j))))
  return { name: 'dot', params: [I32, I32, I32, I32], i64Locals: 55, body: code }
}
