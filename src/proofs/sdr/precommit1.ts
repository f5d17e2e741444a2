/**
 * PreCommit1 (SDR labeling of a sector): replica_id, the parents cache, every layer, and the key (the last
 * layer). Synchronous and CPU-bound: call it from a worker thread (see ../worker/run.ts), never on an API
 * process's event loop. Layers are written to `cacheDir` as Lotus names them (sc-02-data-layer-<n>.dat)
 * when a cache folder is given.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kernel } from '../kernel/kernel.ts'
import { sealProof } from '../registered-proof.ts'
import { labelLayers } from './labels.ts'
import { loadParents } from './parents-cache.ts'
import { replicaId as makeReplicaId } from './replica-id.ts'

export interface PreCommit1Input {
  /** Registered seal proof number. */
  readonly proof: number
  readonly proverId: Uint8Array
  readonly sectorNumber: bigint | number
  readonly ticket: Uint8Array
  readonly commD: Uint8Array
  /** Where to write the layer files; none written when absent. */
  readonly cacheDir?: string
  /** Parents cache folder (default $FIL_PROOFS_PARENT_CACHE or /var/tmp/filecoin-parents). */
  readonly parentsDir?: string
}

export interface PreCommit1Output {
  readonly replicaId: Uint8Array
  /** The last layer's labels: the encoding key, N × 32 bytes. */
  readonly key: Uint8Array
  /** Paths of the layer files written (empty without cacheDir). */
  readonly layerFiles: string[]
}

export interface PreCommit1Options {
  readonly kernel?: Kernel
  /** Fraction of the whole job done (parents first, then layers). */
  readonly onProgress?: (fraction: number) => void
  readonly signal?: AbortSignal
}

/** Lotus's name for layer `n` of a sector's cache folder. */
export function layerFileName(layer: number): string {
  return `sc-02-data-layer-${layer}.dat`
}

export function preCommit1(input: PreCommit1Input, opts: PreCommit1Options = {}): PreCommit1Output {
  const info = sealProof(input.proof)
  const replicaId = makeReplicaId({ ...input, porepId: info.porepId })
  const parentShare = 0.1
  const parents = loadParents(info, {
    kernel: opts.kernel,
    dir: input.parentsDir,
    signal: opts.signal,
    onProgress: (f) => opts.onProgress?.(f * parentShare),
  })
  const layerFiles: string[] = []
  if (input.cacheDir) mkdirSync(input.cacheDir, { recursive: true })
  const key = labelLayers(parents, replicaId, info.layers, {
    kernel: opts.kernel,
    signal: opts.signal,
    onProgress: (layer, f) => opts.onProgress?.(parentShare + ((1 - parentShare) * (layer - 1 + f)) / info.layers),
    onLayer: (layer, labels) => {
      if (!input.cacheDir) return
      const path = join(input.cacheDir, layerFileName(layer))
      writeFileSync(path, labels)
      layerFiles.push(path)
    },
  })
  return { replicaId, key, layerFiles }
}
