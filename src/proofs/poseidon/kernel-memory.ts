/**
 * The one kernel memory per thread (worker threads get their own): fixed slots for conversions, field
 * operands, the Poseidon state and hashMany's I/O staging, then the per-arity constants, placed on first
 * use. Elements are ELEMENT_BYTES each (10 × 28-bit limbs, see mont-common.ts); I/O staging holds
 * canonical 32-byte little-endian encodings.
 */
import { type Fr, FR_BYTES, FR_MODULUS } from './fr.ts'
import { createFrKernel, ELEMENT_BYTES, type FrKernel, MONT_R, SCRATCH_BYTES } from './mont-kernel.ts'
import { type WasmMemory, wasm } from './wasm-asm.ts'

/** Bytes per element in kernel memory. */
export const EL = ELEMENT_BYTES
/** Widest state supported (arity 11). */
export const MAX_WIDTH = 12
const PAGE = 65536

/** The plain integer 1: mul(x, ONE) leaves Montgomery form. */
export const ONE = SCRATCH_BYTES
/** R^2 mod r: mul(x, R2) enters Montgomery form. */
export const R2 = ONE + EL
/** Three operand slots for single field operations. */
export const SLOT_X = R2 + EL
export const SLOT_Y = SLOT_X + EL
export const SLOT_Z = SLOT_Y + EL
/** Two Poseidon states (full rounds multiply from one into the other) and one temporary element. */
export const STATE_A = SLOT_Z + EL
export const STATE_B = STATE_A + MAX_WIDTH * EL
export const TMP = STATE_B + MAX_WIDTH * EL
/** hashMany input staging and the matching output staging (canonical 32-byte encodings). */
export const STAGE_IN = TMP + EL
export const STAGE_IN_BYTES = 64 * 1024
export const STAGE_OUT = STAGE_IN + STAGE_IN_BYTES
export const STAGE_OUT_BYTES = STAGE_IN_BYTES / 2
const CONSTANTS_START = STAGE_OUT + STAGE_OUT_BYTES

const P_BYTES = Uint8Array.from({ length: FR_BYTES }, (_, i) => Number((FR_MODULUS >> BigInt(8 * i)) & 0xffn))

/** The kernel and live views of its memory (views are replaced if the memory grows). */
export interface KernelMemory {
  kernel: FrKernel
  u8: Uint8Array
  u32: Uint32Array
}

let mem: WasmMemory | undefined
let next = CONSTANTS_START
const km = {} as KernelMemory

/** The thread's kernel memory, created on first use. */
export function kernelMemory(): KernelMemory {
  if (mem) return km
  mem = new wasm.Memory({ initial: Math.ceil((CONSTANTS_START + 64 * 1024) / PAGE) })
  km.kernel = createFrKernel(mem)
  refreshViews()
  writeRaw(ONE, 1n)
  writeRaw(R2, (MONT_R * MONT_R) % FR_MODULUS)
  return km
}

function refreshViews(): void {
  km.u8 = new Uint8Array(mem!.buffer)
  km.u32 = new Uint32Array(mem!.buffer)
}

/** Writes an integer below 2^280 as 10 × 28-bit limbs at `addr` (no conversion). */
export function writeRaw(addr: number, v: bigint): void {
  for (let j = 0; j < 10; j++) km.u32[addr / 4 + j] = Number((v >> BigInt(28 * j)) & 0xfffffffn)
}

export function readRaw(addr: number): bigint {
  let v = 0n
  for (let j = 9; j >= 0; j--) v = (v << 28n) | BigInt(km.u32[addr / 4 + j]!)
  return v
}

/** Writes an element at `addr` in Montgomery form. */
export function writeFr(addr: number, x: Fr): void {
  kernelMemory()
  writeRaw(addr, x)
  km.kernel.mul(addr, addr, R2)
}

/** Reads the Montgomery-form element at `addr` back to a plain element. */
export function readFr(addr: number): Fr {
  kernelMemory().kernel.mul(TMP, addr, ONE)
  return readRaw(TMP)
}

/** Reserves room for constants, copies them in (Montgomery form) and returns their address. */
export function placeConstants(values: readonly Fr[]): number {
  kernelMemory()
  const addr = next
  next += values.length * EL
  if (next > mem!.buffer.byteLength) {
    mem!.grow(Math.ceil((next - mem!.buffer.byteLength) / PAGE))
    refreshViews()
  }
  for (let i = 0; i < values.length; i++) writeFr(addr + i * EL, values[i]!)
  return addr
}

/** Whether the 32 little-endian bytes at `addr` encode an integer below r. */
export function isCanonicalAt(u8: Uint8Array, addr: number): boolean {
  for (let i = FR_BYTES - 1; i >= 0; i--) {
    const b = u8[addr + i]!
    const p = P_BYTES[i]!
    if (b !== p) return b < p
  }
  return false
}
