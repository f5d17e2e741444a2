/**
 * Montgomery arithmetic in Fr, emitted as straight-line WebAssembly (64-bit products, which JavaScript
 * numbers cannot hold). Elements live in the kernel's memory as 10 × 28-bit limbs, loosely reduced
 * (congruent mod r, below 2^263; see mont-common.ts).
 *
 * Exported functions take byte addresses into that memory (outputs may alias inputs):
 *   mul(o, a, b)          o = a·b·R^-1, fully reduced below r: entering (b = R^2) and leaving (b = 1)
 *                         Montgomery form
 *   mulLazy(o, a, b)      o = a·b·R^-1, loosely reduced (the hot-path product)
 *   sqr(o, a)             o = a·a·R^-1, loosely reduced
 *   add(o, a, b)          o = a + b, loosely reduced
 *   sub(o, a, b)          o = a - b mod r, for fully reduced a and b
 *   sbox(x)               x = x^5
 *   sboxAdd(x, k)         x = x^5 + k
 *   mulAdd(o, a, b, c)    o = a + b·c
 *   dot(o, a, b, n)       o = Σ_{i<n} a[i]·b[i]   (n <= 12 consecutive elements each)
 *   fromCanonical(o, s)   limbs at o from 32 little-endian bytes at s (no Montgomery conversion)
 *   toCanonical(o, s)     32 little-endian bytes at o from the fully reduced limbs at s
 *   fullRound, partialRounds   whole Poseidon rounds (mont-rounds.ts)
 * The first SCRATCH_BYTES of memory are the kernel's; callers place their data after them.
 */
import { ErrorCode, LotusError } from '../../util/errors.ts'
import {
  ELEMENT_BYTES,
  LIMB_MASK,
  LIMBS,
  montReduceColumns,
  P,
  reduceAndStore,
  storeLimbs,
  SCR0,
  split,
} from './mont-common.ts'
import { dotFunction } from './mont-dot.ts'
import { fullRoundFunction, partialRoundsFunction } from './mont-rounds.ts'
import { assembleModule, I32, ins, Op, type WasmFunction, type WasmMemory, wasm } from './wasm-asm.ts'

export { ELEMENT_BYTES, MONT_R, SCRATCH_BYTES } from './mont-common.ts'

export interface FrKernel {
  mul(o: number, a: number, b: number): void
  sqr(o: number, a: number): void
  mulLazy(o: number, a: number, b: number): void
  add(o: number, a: number, b: number): void
  sub(o: number, a: number, b: number): void
  sbox(x: number): void
  sboxAdd(x: number, k: number): void
  mulAdd(o: number, a: number, b: number, c: number): void
  dot(o: number, a: number, b: number, n: number): void
  fromCanonical(o: number, s: number): void
  toCanonical(o: number, s: number): void
  fullRound(s: number, u: number, keys: number, matrix: number, t: number): void
  partialRounds(s: number, keys: number, rows: number, cols: number, t: number, count: number): void
}

const { get, set, i32, i64, call, load32, store32 } = ins
const THREE_PTRS = [I32, I32, I32]

/**
 * The Montgomery product of the last two pointer parameters. `canonical` adds the final subtraction
 * (for leaving Montgomery form); `addend` takes a third pointer x and returns x + a·b·R^-1 by adding x·R
 * into the columns before the one reduction.
 */
function productFunction(name: string, variant: 'canonical' | 'lazy' | 'addend'): WasmFunction {
  const params = variant === 'addend' ? 4 : 3
  const [o, x, a, b] = variant === 'addend' ? [0, 1, 2, 3] : [0, -1, 1, 2]
  const A = (j: number) => params + j // 10
  const B = (j: number) => params + 10 + j // 10
  const COL = (k: number) => params + 20 + k // 19
  const M = (i: number) => params + 39 + i // 10
  const R = (j: number) => params + 49 + j // 10
  const D = (j: number) => params + 59 + j // 10
  const [ACC, S, BORROW] = [params + 69, params + 70, params + 71]
  const code: number[] = []
  for (let j = 0; j < LIMBS; j++) code.push(...load32(a!, 4 * j), ...set(A(j)), ...load32(b!, 4 * j), ...set(B(j)))
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    const lo = Math.max(0, k - LIMBS + 1)
    code.push(...get(A(lo)), ...get(B(k - lo)), Op.i64Mul)
    for (let i = lo + 1; i <= Math.min(k, LIMBS - 1); i++)
      code.push(...get(A(i)), ...get(B(k - i)), Op.i64Mul, Op.i64Add)
    if (variant === 'addend' && k >= LIMBS) code.push(...load32(x!, 4 * (k - LIMBS)), Op.i64Add)
    code.push(...set(COL(k)))
  }
  const top = variant === 'addend' ? load32(x!, 4 * (LIMBS - 1)) : []
  code.push(...montReduceColumns(COL, M, R, ACC, top))
  code.push(...(variant === 'canonical' ? reduceAndStore(R, D, S, BORROW, o!) : storeLimbs(R, o!)))
  return { name, params: new Array(params).fill(I32), i64Locals: 72, body: code }
}

/** sqr(o, a) = a·a·R^-1: each cross product a_i·a_j (i < j) is computed once and doubled. */
function sqrFunction(): WasmFunction {
  const [o, a] = [0, 1]
  const A = (j: number) => 2 + j // 10
  const COL = (k: number) => 12 + k // 19
  const M = (i: number) => 31 + i // 10
  const R = (j: number) => 41 + j // 10
  const ACC = 51
  const code: number[] = []
  for (let j = 0; j < LIMBS; j++) code.push(...load32(a, 4 * j), ...set(A(j)))
  for (let k = 0; k < 2 * LIMBS - 1; k++) {
    const cross: number[] = []
    for (let i = Math.max(0, k - LIMBS + 1); 2 * i < k; i++) {
      cross.push(...get(A(i)), ...get(A(k - i)), Op.i64Mul, ...(cross.length > 0 ? [Op.i64Add] : []))
    }
    const square = k % 2 === 0 ? [...get(A(k / 2)), ...get(A(k / 2)), Op.i64Mul] : []
    if (cross.length > 0)
      code.push(...cross, ...i64(1n), Op.i64Shl, ...(square.length > 0 ? [...square, Op.i64Add] : []))
    else code.push(...square)
    code.push(...set(COL(k)))
  }
  code.push(...montReduceColumns(COL, M, R, ACC), ...storeLimbs(R, o))
  return { name: 'sqr', params: [I32, I32], i64Locals: 59, body: code }
}

function addFunction(): WasmFunction {
  const [o, a, b] = [0, 1, 2]
  const T = (j: number) => 3 + j
  const [C, S] = [13, 14]
  // Loosely reduced operands stay far below 2^280, so no carry leaves the top limb.
  const code: number[] = [...i64(0n), ...set(C)]
  for (let j = 0; j < LIMBS; j++) {
    code.push(...split([...load32(a, 4 * j), ...load32(b, 4 * j), Op.i64Add, ...get(C), Op.i64Add], S, T(j), C))
  }
  code.push(...storeLimbs(T, o))
  return { name: 'add', params: THREE_PTRS, i64Locals: 12, body: code }
}

function subFunction(): WasmFunction {
  const [o, a, b] = [0, 1, 2]
  const D = (j: number) => 3 + j
  const E = (j: number) => 13 + j
  const [S, BORROW, C] = [23, 24, 25]
  const code: number[] = [...i64(0n), ...set(BORROW)]
  for (let j = 0; j < LIMBS; j++) {
    // a_j + 2^28 - b_j - borrow lies in (0, 2^29).
    code.push(
      ...load32(a, 4 * j),
      ...i64(1n << 28n),
      Op.i64Add,
      ...load32(b, 4 * j),
      Op.i64Sub,
      ...get(BORROW),
      Op.i64Sub,
    )
    code.push(...set(S), ...get(S), ...i64(LIMB_MASK), Op.i64And, ...set(D(j)))
    code.push(...i64(1n), ...get(S), ...i64(28n), Op.i64ShrU, Op.i64Sub, ...set(BORROW))
  }
  // On borrow the true result is D + r (D wrapped below zero); the carry out of D + r is dropped.
  code.push(...i64(0n), ...set(C))
  for (let j = 0; j < LIMBS; j++)
    code.push(...split([...get(D(j)), ...i64(P[j]!), Op.i64Add, ...get(C), Op.i64Add], S, E(j), C))
  for (let j = 0; j < LIMBS; j++) {
    code.push(...store32(o, 4 * j, [...get(E(j)), ...get(D(j)), ...get(BORROW), Op.i64Eqz, Op.i32Eqz, Op.select]))
  }
  return { name: 'sub', params: THREE_PTRS, i64Locals: 23, body: code }
}

/** 32 little-endian bytes → 10 limbs: feed 32-bit words into a bit buffer, take 28 bits at a time. */
function fromCanonicalFunction(): WasmFunction {
  const [o, s] = [0, 1]
  const [ACC] = [2]
  const code: number[] = [...i64(0n), ...set(ACC)]
  let bits = 0
  let limb = 0
  for (let w = 0; w < 8; w++) {
    code.push(...get(ACC), ...load32(s, 4 * w), ...i64(BigInt(bits)), Op.i64Shl, Op.i64Or, ...set(ACC))
    bits += 32
    while (bits >= 28) {
      code.push(...store32(o, 4 * limb++, [...get(ACC), ...i64(LIMB_MASK), Op.i64And]))
      code.push(...get(ACC), ...i64(28n), Op.i64ShrU, ...set(ACC))
      bits -= 28
    }
  }
  code.push(...store32(o, 4 * limb, get(ACC)))
  return { name: 'fromCanonical', params: [I32, I32], i64Locals: 1, body: code }
}

/** 10 limbs → 32 little-endian bytes: the reverse bit buffer. */
function toCanonicalFunction(): WasmFunction {
  const [o, s] = [0, 1]
  const [ACC] = [2]
  const code: number[] = [...i64(0n), ...set(ACC)]
  let bits = 0
  let word = 0
  for (let j = 0; j < LIMBS && word < 8; j++) {
    code.push(...get(ACC), ...load32(s, 4 * j), ...i64(BigInt(bits)), Op.i64Shl, Op.i64Or, ...set(ACC))
    bits += 28
    while (bits >= 32 && word < 8) {
      code.push(...store32(o, 4 * word++, get(ACC)), ...get(ACC), ...i64(32n), Op.i64ShrU, ...set(ACC))
      bits -= 32
    }
  }
  return { name: 'toCanonical', params: [I32, I32], i64Locals: 1, body: code }
}

/** The kernel's functions in module order; a function's index (for `call`) is its position here. */
const ORDER = [
  'mul',
  'mulLazy',
  'mulAdd',
  'sqr',
  'add',
  'sub',
  'sbox',
  'sboxAdd',
  'dot',
  'fromCanonical',
  'toCanonical',
  'fullRound',
  'partialRounds',
] as const satisfies readonly (keyof FrKernel)[]
const fn = (name: (typeof ORDER)[number]) => ORDER.indexOf(name)

/** x^5 into `x`, plus the element at `key` when given: x^2, x^4 in scratch, then x·x^4 (+ key). */
function sboxFunction(withKey: boolean): WasmFunction {
  const [x, key] = [0, 1]
  const last = withKey
    ? [...get(x), ...get(key), ...get(x), ...i32(SCR0), ...call(fn('mulAdd'))]
    : [...get(x), ...get(x), ...i32(SCR0), ...call(fn('mulLazy'))]
  return {
    name: withKey ? 'sboxAdd' : 'sbox',
    params: withKey ? [I32, I32] : [I32],
    i64Locals: 0,
    body: [...i32(SCR0), ...get(x), ...call(fn('sqr')), ...i32(SCR0), ...i32(SCR0), ...call(fn('sqr')), ...last],
  }
}

function kernelFunctions(): WasmFunction[] {
  const callees = { sbox: fn('sbox'), sboxAdd: fn('sboxAdd'), mulAdd: fn('mulAdd'), dot: fn('dot') }
  const functions = [
    productFunction('mul', 'canonical'),
    productFunction('mulLazy', 'lazy'),
    productFunction('mulAdd', 'addend'),
    sqrFunction(),
    addFunction(),
    subFunction(),
    sboxFunction(false),
    sboxFunction(true),
    dotFunction(ELEMENT_BYTES),
    fromCanonicalFunction(),
    toCanonicalFunction(),
    fullRoundFunction(callees, ELEMENT_BYTES),
    partialRoundsFunction(callees, ELEMENT_BYTES),
  ]
  functions.forEach((f, i) => {
    if (f.name !== ORDER[i]) {
      throw new LotusError(ErrorCode.Internal, `kernel function ${i} is ${f.name}, expected ${ORDER[i]}`)
    }
  })
  return functions
}

let compiled: object | undefined

/** Instantiates the kernel over `memory` (compiling the module once per process). */
export function createFrKernel(memory: WasmMemory): FrKernel {
  compiled ??= new wasm.Module(assembleModule(kernelFunctions()))
  const instance = new wasm.Instance(compiled, { env: { memory } })
  return instance.exports as unknown as FrKernel
}
