/**
 * The SDR parent graph (rust-fil-proofs `storage-proofs-core/src/drgraph.rs` BucketGraph and
 * `storage-proofs-porep/src/stacked/vanilla/graph.rs` StackedGraph). Each node has 6 DRG parents (bucket
 * sampling with a ChaCha8 stream per node) then 8 expander parents (Feistel permutation). The parents of
 * all nodes, as N × 14 u32, are the "parents cache".
 */
import { createHash } from 'node:crypto'
import { InvalidError } from '../../util/errors.ts'
import { type ApiVersion, BASE_DEGREE, EXPANSION_DEGREE } from '../registered-proof.ts'
import { ChaCha8 } from './chacha8.ts'
import { type FeistelShape, feistelPermute, feistelShape } from './feistel.ts'

/** Parents per node in the cache: 6 DRG then 8 expander. */
export const PARENTS = BASE_DEGREE + EXPANSION_DEGREE

/** What fixes a graph. */
export interface GraphSpec {
  readonly nodes: number
  readonly porepId: Uint8Array
  readonly apiVersion: ApiVersion
}

function domainSeed(tag: string, porepId: Uint8Array): Uint8Array {
  return createHash('sha256').update(tag).update(porepId).digest()
}

/** The four Feistel keys: SHA-256("Filecoin_Feistel" ‖ porep_id) as u64 LE words. */
export function feistelKeys(porepId: Uint8Array): bigint[] {
  const seed = domainSeed('Filecoin_Feistel', porepId)
  const dv = new DataView(seed.buffer, seed.byteOffset, 32)
  return [0, 8, 16, 24].map((o) => dv.getBigUint64(o, true))
}

/** The DRG seed: the first 28 bytes of SHA-256("Filecoin_DRSample" ‖ porep_id). */
export function drgSeed(porepId: Uint8Array): Uint8Array {
  return domainSeed('Filecoin_DRSample', porepId).subarray(0, 28)
}

/** u64 (hi, lo) mod n, for n < 2^37, without bigints. */
function mod64(hi: number, lo: number, n: number): number {
  let x = hi % n
  x = (x * 65536) % n
  x = (x * 65536) % n
  return (x + lo) % n
}

function checkSpec(g: GraphSpec): void {
  if (!Number.isInteger(g.nodes) || g.nodes < 2 || g.nodes > 2 ** 31)
    throw new InvalidError(`SDR graph: ${g.nodes} nodes is outside [2, 2^31]`)
  if (g.porepId.length !== 32) throw new InvalidError(`SDR graph: porep_id is ${g.porepId.length} bytes, want 32`)
}

/** A ChaCha8 stream reseeded per node: the DRG seed with the node index in its last 4 bytes. */
class DrgRng {
  private readonly seed = new Uint8Array(32)
  private readonly view = new DataView(this.seed.buffer)
  readonly rng: ChaCha8
  constructor(porepId: Uint8Array) {
    this.seed.set(drgSeed(porepId))
    this.rng = new ChaCha8(this.seed)
  }
  forNode(v: number): ChaCha8 {
    this.view.setUint32(28, v, true)
    this.rng.reseed(this.seed)
    return this.rng
  }
}

/** Writes node v's 6 DRG parents (bucket sampling) at out[base..base+6]. */
function writeDrgParents(g: GraphSpec, drg: DrgRng, v: number, out: Uint32Array, base: number): void {
  if (v < 2) {
    out.fill(0, base, base + BASE_DEGREE)
    return
  }
  const mPrime = BASE_DEGREE - 1
  // API 1.0 puts the predecessor last, later versions first
  const first = g.apiVersion === '1.0' ? 0 : 1
  const rng = drg.forNode(v)
  const meta = v * mPrime
  const buckets = Math.ceil(Math.log2(meta))
  for (let k = 0; k < mPrime; k++) {
    let lo = rng.nextU32()
    let hi = rng.nextU32()
    const bucket = mod64(hi, lo, buckets) + 1
    const largest = Math.min(meta, 2 ** bucket)
    const smallest = Math.max(2, Math.floor(largest / 2))
    lo = rng.nextU32()
    hi = rng.nextU32()
    const dist = smallest + mod64(hi, lo, largest - smallest + 1)
    const parent = Math.floor((meta - dist) / mPrime)
    out[base + first + k] = parent === v ? v - 1 : parent
  }
  out[base + (g.apiVersion === '1.0' ? mPrime : 0)] = v - 1
}

/** Writes the 6 DRG parents of each node in [start, end) into `out` (N × 14 layout). */
export function drgParents(g: GraphSpec, out: Uint32Array, start: number, end: number): void {
  checkSpec(g)
  const drg = new DrgRng(g.porepId)
  for (let v = start; v < end; v++) writeDrgParents(g, drg, v, out, v * PARENTS)
}

/**
 * The 14 parents of one node (6 DRG, then 8 expander), computed directly: a verifier needs a challenge's
 * parents, not the whole cache (940 MB at 512MiB). Tests check it against the full cache.
 */
export function nodeParents(g: GraphSpec, v: number): number[] {
  checkSpec(g)
  const out = new Uint32Array(PARENTS)
  writeDrgParents(g, new DrgRng(g.porepId), v, out, 0)
  const shape = expanderShape(g)
  for (let i = 0; i < EXPANSION_DEGREE; i++) {
    let p = feistelPermute(v * EXPANSION_DEGREE + i, shape)
    if (g.apiVersion === '1.0') p = p >>> 0 // V1 truncates to u32 (matters only from 32GiB)
    out[BASE_DEGREE + i] = Math.floor(p / EXPANSION_DEGREE)
  }
  return Array.from(out)
}

/** The Feistel shape of a graph's expander (domain 8N). */
export function expanderShape(g: GraphSpec): FeistelShape {
  return feistelShape(g.nodes * EXPANSION_DEGREE, feistelKeys(g.porepId))
}

/** Throws unless every parent index is a node of the graph (guards the kernels against a bad cache). */
export function checkParents(parents: Uint32Array, nodes: number): void {
  if (parents.length !== nodes * PARENTS)
    throw new InvalidError(`parents: ${parents.length} entries, want ${nodes} × ${PARENTS}`)
  for (let i = 0; i < parents.length; i++) {
    if (parents[i]! >= nodes)
      throw new InvalidError(`parents: node ${Math.floor(i / PARENTS)} names parent ${parents[i]} of ${nodes} nodes`)
  }
}
