/**
 * The 14 parents of one node, computed directly (the same bucket sampling and Feistel expander as
 * ../sdr/graph.ts builds for every node), so a verifier needs no parents cache: at 512MiB the cache is
 * 940 MB to read and hash, a challenge's parents are 14 numbers. Tests check it against the full cache.
 */
import { BASE_DEGREE, EXPANSION_DEGREE, type SealProofInfo } from '../registered-proof.ts'
import { ChaCha8 } from '../sdr/chacha8.ts'
import { feistelPermute } from '../sdr/feistel.ts'
import { drgSeed, expanderShape, type GraphSpec } from '../sdr/graph.ts'

/** u64 (hi, lo) mod n without bigints (n < 2^37). */
function mod64(hi: number, lo: number, n: number): number {
  let x = hi % n
  x = (x * 65536) % n
  x = (x * 65536) % n
  return (x + lo) % n
}

function drgOf(g: GraphSpec, v: number): number[] {
  if (v < 2) return new Array<number>(BASE_DEGREE).fill(0)
  const seed = new Uint8Array(32)
  seed.set(drgSeed(g.porepId))
  new DataView(seed.buffer).setUint32(28, v, true)
  const rng = new ChaCha8(seed)
  const mPrime = BASE_DEGREE - 1
  const meta = v * mPrime
  const buckets = Math.ceil(Math.log2(meta))
  const random: number[] = []
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
    random.push(parent === v ? v - 1 : parent)
  }
  // API 1.0 puts the predecessor last, later versions first
  return g.apiVersion === '1.0' ? [...random, v - 1] : [v - 1, ...random]
}

/** The parents of node `v`: 6 DRG then 8 expander, as the parents cache stores them. */
export function nodeParents(g: GraphSpec | SealProofInfo, v: number): number[] {
  const shape = expanderShape(g)
  const exp: number[] = []
  for (let i = 0; i < EXPANSION_DEGREE; i++) {
    let p = feistelPermute(v * EXPANSION_DEGREE + i, shape)
    if (g.apiVersion === '1.0') p = p >>> 0 // V1 truncates to u32 (matters only from 32GiB)
    exp.push(Math.floor(p / EXPANSION_DEGREE))
  }
  return [...drgOf(g, v), ...exp]
}
