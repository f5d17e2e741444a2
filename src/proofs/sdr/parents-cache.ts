/**
 * The parents cache: every node's 14 parents as u32 LE, built once per graph and kept on disk under the
 * file name rust-fil-proofs uses (`v28-sdr-parent-<sha256(hasher ‖ graph id ‖ feistel keys ‖ N)>.cache`),
 * in `$FIL_PROOFS_PARENT_CACHE` or /var/tmp/filecoin-parents like Lotus. A file is written to a temporary
 * name and renamed (atomic), its SHA-256 is checked against the published digest when one is known, and a
 * file that fails its check is rebuilt.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { InvalidError, LotusError } from '../../util/errors.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { kernel as defaultKernel } from '../kernel/select.ts'
import { BASE_DEGREE, EXPANSION_DEGREE } from '../registered-proof.ts'
import { checkParents, drgParents, expanderShape, feistelKeys, type GraphSpec, PARENTS } from './graph.ts'
import { PARENT_CACHE_DIGESTS } from './parents-manifest.ts'

/** Options for building or loading a parents cache. */
export interface ParentsOptions {
  readonly kernel?: Kernel
  /** Cache folder; default $FIL_PROOFS_PARENT_CACHE or /var/tmp/filecoin-parents. */
  readonly dir?: string
  /** Called with the fraction done while building. */
  readonly onProgress?: (fraction: number) => void
  readonly signal?: AbortSignal
}

/** Builds the N × 14 parents array in memory. */
export function buildParents(g: GraphSpec, opts: ParentsOptions = {}): Uint32Array {
  const k = opts.kernel ?? defaultKernel()
  const out = new Uint32Array(g.nodes * PARENTS)
  drgParents(g, out, 0, g.nodes)
  const shape = expanderShape(g)
  const keys = shape.keys.flat()
  const step = Math.max(1024, Math.floor(g.nodes / 64))
  for (let start = 0; start < g.nodes; start += step) {
    opts.signal?.throwIfAborted()
    const end = Math.min(g.nodes, start + step)
    k.expanderParents({
      out,
      elements: shape.elements,
      halfBits: shape.halfBits,
      keys,
      truncate32: g.apiVersion === '1.0',
      start,
      end,
    })
    opts.onProgress?.(end / g.nodes)
  }
  return out
}

/** The rust-fil-proofs cache id of a graph (the file name without `.cache`). */
export function parentCacheId(g: GraphSpec): string {
  const identifier =
    `stacked_graph::StackedGraph{expansion_degree: ${EXPANSION_DEGREE} base_graph: ` +
    `drgraph::BucketGraph{size: ${g.nodes}; degree: ${BASE_DEGREE}; hasher: poseidon_hasher} }`
  const h = createHash('sha256').update('poseidon_hasher').update(identifier)
  const key = new Uint8Array(8)
  const kv = new DataView(key.buffer)
  for (const k of feistelKeys(g.porepId)) {
    kv.setBigUint64(0, k, true)
    h.update(key)
  }
  const n = new Uint8Array(4)
  new DataView(n.buffer).setUint32(0, g.nodes, true)
  h.update(n)
  return `v28-sdr-parent-${h.digest('hex')}`
}

/** The published digest for this graph's cache, if any. */
export function publishedParentsDigest(g: GraphSpec): string | undefined {
  return PARENT_CACHE_DIGESTS.get(parentCacheId(g))
}

export function defaultParentsDir(): string {
  return process.env.FIL_PROOFS_PARENT_CACHE || '/var/tmp/filecoin-parents'
}

function digestOf(parents: Uint32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(parents.buffer, parents.byteOffset, parents.byteLength))
    .digest('hex')
}

function check(g: GraphSpec, parents: Uint32Array): boolean {
  const want = publishedParentsDigest(g)
  if (want !== undefined) return digestOf(parents) === want
  try {
    checkParents(parents, g.nodes)
    return true
  } catch {
    return false
  }
}

/** Reads the cache file if present and valid; else builds it, checks it and writes it atomically. */
export function loadParents(g: GraphSpec, opts: ParentsOptions = {}): Uint32Array {
  const dir = opts.dir ?? defaultParentsDir()
  const path = join(dir, `${parentCacheId(g)}.cache`)
  try {
    const bytes = readFileSync(path)
    if (bytes.length === g.nodes * PARENTS * 4) {
      const parents = new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
      if (check(g, parents)) return parents
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new LotusError('ERR_STORAGE', `parents cache ${path}: ${(err as Error).message}`)
  }
  const parents = buildParents(g, opts)
  if (!check(g, parents))
    throw new InvalidError(`parents cache for ${g.nodes} nodes does not match its published digest (a bug)`)
  try {
    mkdirSync(dir, { recursive: true })
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
    writeFileSync(tmp, new Uint8Array(parents.buffer, parents.byteOffset, parents.byteLength))
    renameSync(tmp, path)
  } catch (err) {
    throw new LotusError('ERR_STORAGE', `parents cache ${path}: ${(err as Error).message}`)
  }
  return parents
}
