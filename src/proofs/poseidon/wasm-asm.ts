/**
 * A very small WebAssembly assembler: just enough to emit the Fr kernel (functions over i32 pointers and
 * i64 locals, one imported memory). Instructions are plain byte arrays built with the helpers below.
 */

/** The opcodes the kernel uses (WebAssembly core spec, section 5.4). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  i64Load: 0x29,
  i64Load32U: 0x35,
  i64Store: 0x37,
  i64Store32: 0x3e,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32GeU: 0x4f,
  i64Eqz: 0x50,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Or: 0x84,
  i64Shl: 0x86,
  i64ShrU: 0x88,
} as const

export const I32 = 0x7f
export const I64 = 0x7e
const VOID_BLOCK = 0x40

export function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n = Math.floor(n / 128)
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

export function sleb(n: bigint): number[] {
  const out: number[] = []
  for (;;) {
    const b = Number(n & 0x7fn)
    n >>= 7n
    const signBit = (b & 0x40) !== 0
    if ((n === 0n && !signBit) || (n === -1n && signBit)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}

/** Small instruction builders. */
export const ins = {
  get: (local: number) => [Op.localGet, ...uleb(local)],
  set: (local: number) => [Op.localSet, ...uleb(local)],
  i32: (v: number) => [Op.i32Const, ...sleb(BigInt(v))],
  i64: (v: bigint) => [Op.i64Const, ...sleb(v)],
  call: (fn: number) => [Op.call, ...uleb(fn)],
  /** Pushes the u32 at [ptrLocal + offset], zero-extended to i64. */
  load32: (ptrLocal: number, offset: number) => [Op.localGet, ...uleb(ptrLocal), Op.i64Load32U, 2, ...uleb(offset)],
  /** Stores the low 32 bits of the i64 that `value` pushes at [ptrLocal + offset]. */
  store32: (ptrLocal: number, offset: number, value: number[]) => [
    Op.localGet,
    ...uleb(ptrLocal),
    ...value,
    Op.i64Store32,
    2,
    ...uleb(offset),
  ],
  load64: (ptr: number[], offset: number) => [...ptr, Op.i64Load, 3, ...uleb(offset)],
  store64: (ptr: number[], offset: number, value: number[]) => [...ptr, ...value, Op.i64Store, 3, ...uleb(offset)],
  /** if <then> else <otherwise> end, on the i32 the code before it pushed. */
  ifElse: (then: number[], otherwise: number[]) => [Op.if, VOID_BLOCK, ...then, Op.else, ...otherwise, Op.end],
  /** block { loop { <body> } }: `br_if 1` inside leaves, `br 0` repeats. */
  blockLoop: (body: number[]) => [Op.block, VOID_BLOCK, Op.loop, VOID_BLOCK, ...body, Op.end, Op.end],
}

export interface WasmFunction {
  name: string
  params: number[]
  /** Extra i64 locals after the parameters (and after the i32 locals, if any). */
  i64Locals: number
  /** Extra i32 locals, numbered right after the parameters. */
  i32Locals?: number
  body: number[]
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()]
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload]
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)]
  return [...uleb(bytes.length), ...bytes]
}

/** A module importing `env.memory` and exporting the functions, in order (function i has index i). */
export function assembleModule(functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0])
  const imports = [[...name('env'), ...name('memory'), 0x02, 0x00, 1]]
  const funcs = functions.map((_, i) => uleb(i))
  const exports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])
  const bodies = functions.map((f) => {
    const groups: number[][] = []
    if (f.i32Locals) groups.push([...uleb(f.i32Locals), I32])
    if (f.i64Locals > 0) groups.push([...uleb(f.i64Locals), I64])
    const locals = vec(groups)
    const code = [...locals, ...f.body, Op.end]
    return [...uleb(code.length), ...code]
  })
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(funcs)),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ])
}

/** The parts of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number }) => WasmMemory
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
