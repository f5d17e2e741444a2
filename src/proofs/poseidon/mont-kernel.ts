/**
 * Montgomery arithmetic in Fr on 8 × 32-bit limbs, emitted as straight-line WebAssembly (CIOS
 * multiplication with 64-bit products, which JavaScript numbers cannot hold). Elements live in the
 * kernel's memory as 32 bytes: eight little-endian u32 limbs of x·2^256 mod r, always fully reduced.
 *
 * Exported functions take byte addresses into that memory:
 *   mul(o, a, b)        o = a·b·2^-256          (Montgomery product; o may alias a or b)
 *   add(o, a, b)        o = a + b mod r
 *   sub(o, a, b)        o = a - b mod r
 *   sbox(x)             x = x^5
 *   sboxAdd(x, k)       x = x^5 + k
 *   mulAdd(o, a, b, c)  o = a + b·c
 *   dot(o, a, b, n)     o = Σ_{i<n} a[i]·b[i]   (a, b: n consecutive elements each)
 * Bytes 0..95 of memory are the kernel's scratch; callers place their data from SCRATCH_BYTES on.
 */
import { dotFunction } from './mont-dot.ts'
import { LIMBS, MASK, P, reduceAndStore, SCR0, SCR1, split } from './mont-common.ts'
import { assembleModule, I32, ins, Op, type WasmFunction, type WasmMemory, wasm } from './wasm-asm.ts'

export { SCRATCH_BYTES } from './mont-common.ts'

export interface FrKernel {
  mul(o: number, a: number, b: number): void
  add(o: number, a: number, b: number): void
  sub(o: number, a: number, b: number): void
  sbox(x: number): void
  sboxAdd(x: number, k: number): void
  mulAdd(o: number, a: number, b: number, c: number): void
  dot(o: number, a: number, b: number, n: number): void
}

const { get, set, i32, i64, call, load32, store32 } = ins

function mulFunction(): WasmFunction {
  const [o, a, b] = [0, 1, 2]
  const A = (j: number) => 3 + j
  const T = (j: number) => 11 + j // 10 limbs: t0..t9
  const [BI, C, M, S] = [21, 22, 23, 24]
  const D = (j: number) => 25 + j
  const BORROW = 33
  const code: number[] = []
  for (let j = 0; j < LIMBS; j++) code.push(...load32(a, 4 * j), ...set(A(j)))
  for (let j = 0; j < LIMBS + 2; j++) code.push(...i64(0n), ...set(T(j)))
  for (let i = 0; i < LIMBS; i++) {
    code.push(...load32(b, 4 * i), ...set(BI), ...i64(0n), ...set(C))
    for (let j = 0; j < LIMBS; j++) {
      code.push(
        ...split([...get(A(j)), ...get(BI), Op.i64Mul, ...get(T(j)), Op.i64Add, ...get(C), Op.i64Add], S, T(j), C),
      )
    }
    code.push(...split([...get(T(8)), ...get(C), Op.i64Add], S, T(8), T(9)))
    // m = t0 · (-r^-1 mod 2^32) mod 2^32; r ≡ 1 mod 2^32, so m = -t0 mod 2^32.
    code.push(...i64(0n), ...get(T(0)), Op.i64Sub, ...i64(MASK), Op.i64And, ...set(M))
    code.push(...get(T(0)), ...get(M), Op.i64Add, ...i64(32n), Op.i64ShrU, ...set(C)) // t0 + m·p0, p0 = 1
    for (let j = 1; j < LIMBS; j++) {
      code.push(
        ...split([...get(M), ...i64(P[j]!), Op.i64Mul, ...get(T(j)), Op.i64Add, ...get(C), Op.i64Add], S, T(j - 1), C),
      )
    }
    code.push(...split([...get(T(8)), ...get(C), Op.i64Add], S, T(7), C))
    code.push(...get(T(9)), ...get(C), Op.i64Add, ...set(T(8)))
  }
  code.push(...reduceAndStore(T, D, S, BORROW, o))
  return { name: 'mul', params: [I32, I32, I32], i64Locals: 31, body: code }
}

function addFunction(): WasmFunction {
  const [o, a, b] = [0, 1, 2]
  const T = (j: number) => 3 + j
  const [C, S] = [11, 12]
  const D = (j: number) => 13 + j
  const BORROW = 21
  const code: number[] = [...i64(0n), ...set(C)]
  for (let j = 0; j < LIMBS; j++) {
    code.push(...split([...load32(a, 4 * j), ...load32(b, 4 * j), Op.i64Add, ...get(C), Op.i64Add], S, T(j), C))
  }
  code.push(...reduceAndStore(T, D, S, BORROW, o))
  return { name: 'add', params: [I32, I32, I32], i64Locals: 19, body: code }
}

function subFunction(): WasmFunction {
  const [o, a, b] = [0, 1, 2]
  const D = (j: number) => 3 + j
  const E = (j: number) => 11 + j
  const [S, BORROW, C] = [19, 20, 21]
  const code: number[] = [...i64(0n), ...set(BORROW), ...i64(0n), ...set(C)]
  for (let j = 0; j < LIMBS; j++) {
    // a_j + 2^32 - b_j - borrow lies in (0, 2^33).
    code.push(
      ...load32(a, 4 * j),
      ...i64(1n << 32n),
      Op.i64Add,
      ...load32(b, 4 * j),
      Op.i64Sub,
      ...get(BORROW),
      Op.i64Sub,
    )
    code.push(...set(S), ...get(S), ...i64(MASK), Op.i64And, ...set(D(j)))
    code.push(...i64(1n), ...get(S), ...i64(32n), Op.i64ShrU, Op.i64Sub, ...set(BORROW))
  }
  // On borrow the true result is D + r (D wrapped below zero).
  for (let j = 0; j < LIMBS; j++)
    code.push(...split([...get(D(j)), ...i64(P[j]!), Op.i64Add, ...get(C), Op.i64Add], S, E(j), C))
  for (let j = 0; j < LIMBS; j++) {
    code.push(...store32(o, 4 * j, [...get(E(j)), ...get(D(j)), ...get(BORROW), Op.i64Eqz, Op.i32Eqz, Op.select]))
  }
  return { name: 'sub', params: [I32, I32, I32], i64Locals: 19, body: code }
}

const MUL = 0
const ADD = 1
const SBOX = 3
const sboxBody = (x: number) => [
  ...[...i32(SCR0), ...get(x), ...get(x), ...call(MUL)],
  ...[...i32(SCR0), ...i32(SCR0), ...i32(SCR0), ...call(MUL)],
  ...[...get(x), ...get(x), ...i32(SCR0), ...call(MUL)],
]

let compiled: object | undefined

/** Instantiates the kernel over `memory` (compiling the module once per process). */
export function createFrKernel(memory: WasmMemory): FrKernel {
  compiled ??= new wasm.Module(
    assembleModule([
      mulFunction(),
      addFunction(),
      subFunction(),
      { name: 'sbox', params: [I32], i64Locals: 0, body: sboxBody(0) },
      {
        name: 'sboxAdd',
        params: [I32, I32],
        i64Locals: 0,
        body: [...get(0), ...call(SBOX), ...get(0), ...get(0), ...get(1), ...call(ADD)],
      },
      {
        name: 'mulAdd',
        params: [I32, I32, I32, I32],
        i64Locals: 0,
        body: [...i32(SCR1), ...get(2), ...get(3), ...call(MUL), ...get(0), ...get(1), ...i32(SCR1), ...call(ADD)],
      },
      dotFunction(),
    ]),
  )
  const instance = new wasm.Instance(compiled, { env: { memory } })
  return instance.exports as unknown as FrKernel
}
