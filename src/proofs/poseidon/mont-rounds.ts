/**
 * Whole Poseidon rounds as kernel functions, so one JavaScript call runs a full round or all partial
 * rounds (instead of one call per field operation):
 *   fullRound(s, u, keys, matrix, t)   s_i = s_i^5 (+ keys_i unless keys = 0); u = matrix · s
 *   partialRounds(s, keys, rows, cols, t, count)
 *       count times: s_0 = s_0^5 + key; s_0' = row · s; s_i += col_{i-1} · s_0 (i >= 1); s_0 = s_0';
 *       then keys, rows and cols move on to the next round's (1, t and t-1 elements).
 */
import { SCR1 } from './mont-common.ts'
import { I32, ins, Op, type WasmFunction } from './wasm-asm.ts'

const { get, set, i32, call } = ins

/** Kernel function indices the rounds call. */
export interface RoundCallees {
  sbox: number
  sboxAdd: number
  mulAdd: number
  dot: number
}

/** base + index · stride, all i32 locals. */
const at = (base: number, index: number, stride: number) => [
  ...get(base),
  ...get(index),
  ...get(stride),
  Op.i32Mul,
  Op.i32Add,
]
const addTo = (local: number, by: number[]) => [...get(local), ...by, Op.i32Add, ...set(local)]

/** for (i = from; i < t; i++) body */
function forRange(i: number, from: number, t: number, body: number[]): number[] {
  return [
    ...i32(from),
    ...set(i),
    ...ins.blockLoop([...get(i), ...get(t), Op.i32GeU, Op.brIf, 1, ...body, ...addTo(i, i32(1)), Op.br, 0]),
  ]
}

export function fullRoundFunction(f: RoundCallees, el: number): WasmFunction {
  const [s, u, keys, matrix, t] = [0, 1, 2, 3, 4]
  const [i, elBytes, rowBytes] = [5, 6, 7]
  const body = [
    ...i32(el),
    ...set(elBytes),
    ...get(t),
    ...i32(el),
    Op.i32Mul,
    ...set(rowBytes),
    ...forRange(i, 0, t, [
      ...get(keys),
      Op.i32Eqz,
      ...ins.ifElse(
        [...at(s, i, elBytes), ...call(f.sbox)],
        [...at(s, i, elBytes), ...at(keys, i, elBytes), ...call(f.sboxAdd)],
      ),
    ]),
    ...forRange(i, 0, t, [...at(u, i, elBytes), ...at(matrix, i, rowBytes), ...get(s), ...get(t), ...call(f.dot)]),
  ]
  return { name: 'fullRound', params: [I32, I32, I32, I32, I32], i32Locals: 3, i64Locals: 0, body }
}

export function partialRoundsFunction(f: RoundCallees, el: number): WasmFunction {
  const [s, keys, rows, cols, t, count] = [0, 1, 2, 3, 4, 5]
  const [i, elBytes, im1] = [6, 7, 8]
  const copyScratchToS0: number[] = []
  for (let k = 0; k < el / 8; k++) copyScratchToS0.push(...ins.store64(get(s), 8 * k, ins.load64(i32(0), SCR1 + 8 * k)))
  const round = [
    ...get(count),
    Op.i32Eqz,
    Op.brIf,
    1,
    ...get(s),
    ...get(keys),
    ...call(f.sboxAdd),
    ...i32(SCR1),
    ...get(rows),
    ...get(s),
    ...get(t),
    ...call(f.dot),
    ...forRange(i, 1, t, [
      ...get(i),
      ...i32(1),
      Op.i32Sub,
      ...set(im1),
      ...at(s, i, elBytes),
      ...at(s, i, elBytes),
      ...at(cols, im1, elBytes),
      ...get(s),
      ...call(f.mulAdd),
    ]),
    ...copyScratchToS0,
    ...addTo(keys, get(elBytes)),
    ...addTo(rows, [...get(t), ...get(elBytes), Op.i32Mul]),
    ...addTo(cols, [...get(t), ...i32(1), Op.i32Sub, ...get(elBytes), Op.i32Mul]),
    ...get(count),
    ...i32(1),
    Op.i32Sub,
    ...set(count),
    Op.br,
    0,
  ]
  const body = [...i32(el), ...set(elBytes), ...ins.blockLoop(round)]
  return { name: 'partialRounds', params: [I32, I32, I32, I32, I32, I32], i32Locals: 3, i64Locals: 0, body }
}
