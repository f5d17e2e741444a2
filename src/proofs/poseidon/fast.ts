/**
 * The fast Poseidon: neptune's optimized schedule (compressed constants, pre-sparse and sparse matrices)
 * on the Montgomery WebAssembly kernel, one kernel call per full round and one for all partial rounds.
 * State, constants and I/O staging all live in the preallocated kernel memory, so the hot path
 * (`hashMany`) allocates nothing per hash.
 */
import { InvalidError } from '../../util/errors.ts'
import { poseidonConstants, type PoseidonConstants } from './constants.ts'
import { type Fr, FR_BYTES, isFr, NonCanonicalFrError } from './fr.ts'
import {
  EL,
  isCanonicalAt,
  kernelMemory,
  ONE,
  placeConstants,
  R2,
  readFr,
  STAGE_IN,
  STAGE_IN_BYTES,
  STAGE_OUT,
  STAGE_OUT_BYTES,
  STATE_A,
  STATE_B,
  TMP,
  writeFr,
} from './kernel-memory.ts'

/** Addresses of one arity's constants in kernel memory (all in Montgomery form). */
interface Layout {
  c: PoseidonConstants
  t: number
  tag: number
  initialKeys: number
  /** Per round: address of the t keys added after its S-boxes, or 0 for none (partial rounds, last round). */
  fullKeys: number[]
  partialKeys: number
  mds: number
  preSparse: number
  /** Partial round p's sparse row is at sparseRows + p·t·EL, its column at sparseCols + p·(t-1)·EL. */
  sparseRows: number
  sparseCols: number
}

const layouts = new Map<number, Layout>()

function layout(arity: number): Layout {
  let l = layouts.get(arity)
  if (l) return l
  const c = poseidonConstants(arity)
  l = {
    c,
    t: c.width,
    tag: placeConstants([c.domainTag]),
    initialKeys: placeConstants(c.initialKeys),
    fullKeys: c.fullKeys.map((k) => (k ? placeConstants(k) : 0)),
    partialKeys: placeConstants(c.partialKeys),
    mds: placeConstants(c.mds.flat()),
    preSparse: placeConstants(c.preSparse.flat()),
    sparseRows: placeConstants(c.sparse.flatMap((s) => s.row)),
    sparseCols: placeConstants(c.sparse.flatMap((s) => s.col)),
  }
  layouts.set(arity, l)
  return l
}

/** Runs the permutation on the state at STATE_A (Montgomery form); returns where the result state is. */
function permute(l: Layout): number {
  const { t, c } = l
  const k = kernelMemory().kernel
  const half = c.fullRounds / 2
  let s = STATE_A
  let u = STATE_B
  for (let i = 0; i < t; i++) k.add(s + i * EL, s + i * EL, l.initialKeys + i * EL)
  for (let r = 0; r < c.fullRounds; r++) {
    if (r === half) k.partialRounds(s, l.partialKeys, l.sparseRows, l.sparseCols, t, c.partialRounds)
    const round = r < half ? r : r + c.partialRounds
    k.fullRound(s, u, l.fullKeys[round]!, r === half - 1 ? l.preSparse : l.mds, t)
    const x = s
    s = u
    u = x
  }
  return s
}

/** Poseidon hash of `arity` elements (neptune Merkle-tree tag, output state[1]) on the fast kernel. */
export function poseidonHash(arity: number, inputs: readonly Fr[]): Fr {
  const l = layout(arity)
  if (inputs.length !== arity) {
    throw new InvalidError(`Poseidon arity ${arity} needs exactly ${arity} inputs, got ${inputs.length}`)
  }
  inputs.forEach((x, i) => {
    if (!isFr(x)) throw new InvalidError(`Poseidon input ${i} is not an Fr element (a bigint in [0, r)): ${String(x)}`)
  })
  kernelMemory().u8.copyWithin(STATE_A, l.tag, l.tag + EL)
  for (let i = 0; i < arity; i++) writeFr(STATE_A + (i + 1) * EL, inputs[i]!)
  return readFr(permute(l) + EL)
}

/**
 * Hashes `input.length / (32·arity)` consecutive groups of `arity` canonical little-endian elements and
 * writes each 32-byte little-endian result to `output` in order (tree building: one call per level or
 * batch). `output` may be `input` itself (results overwrite the groups already read). Throws InvalidError
 * on bad lengths and NonCanonicalFrError (naming the byte offset) for an element >= r, in which case
 * `output` may be partly written.
 */
export function hashMany(arity: number, input: Uint8Array, output: Uint8Array): void {
  const l = layout(arity)
  const groupBytes = arity * FR_BYTES
  if (input.length % groupBytes !== 0) {
    throw new InvalidError(`hashMany arity ${arity}: input length ${input.length} is not a multiple of ${groupBytes}`)
  }
  const count = input.length / groupBytes
  if (output.length < count * FR_BYTES) {
    throw new InvalidError(`hashMany: output holds ${output.length} bytes, ${count} hashes need ${count * FR_BYTES}`)
  }
  const { kernel: k, u8 } = kernelMemory()
  const perChunk = Math.min(Math.floor(STAGE_IN_BYTES / groupBytes), STAGE_OUT_BYTES / FR_BYTES)
  for (let first = 0; first < count; first += perChunk) {
    const n = Math.min(perChunk, count - first)
    u8.set(input.subarray(first * groupBytes, (first + n) * groupBytes), STAGE_IN)
    for (let h = 0; h < n; h++) {
      u8.copyWithin(STATE_A, l.tag, l.tag + EL)
      for (let e = 0; e < arity; e++) {
        const src = STAGE_IN + h * groupBytes + e * FR_BYTES
        if (!isCanonicalAt(u8, src)) {
          const offset = (first + h) * groupBytes + e * FR_BYTES
          throw new NonCanonicalFrError(offset, readLE(input, offset))
        }
        const dst = STATE_A + (e + 1) * EL
        k.fromCanonical(dst, src)
        k.mul(dst, dst, R2)
      }
      k.mul(TMP, permute(l) + EL, ONE)
      k.toCanonical(STAGE_OUT + h * FR_BYTES, TMP)
    }
    output.set(u8.subarray(STAGE_OUT, STAGE_OUT + n * FR_BYTES), first * FR_BYTES)
  }
}

function readLE(bytes: Uint8Array, offset: number): bigint {
  let v = 0n
  for (let i = FR_BYTES - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!)
  return v
}
