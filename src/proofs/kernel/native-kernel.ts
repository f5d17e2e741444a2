/**
 * Loads the native addon built by scripts/build-native.mjs, if present, and wraps it as a Kernel. Returns
 * null (with the reason) when it is missing or fails to load.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { InvalidError } from '../../util/errors.ts'
import type { ExpanderArgs, Kernel, LabelLayerArgs } from './kernel.ts'

interface Addon {
  hashNode(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void
  treeRoot(buf: Uint8Array, off: number, leaves: number): void
  padTreeRoot(src: Uint8Array, srcOff: number, quads: number, scratch: Uint8Array, leaves: number): void
  labelLayer(
    parents: Uint32Array,
    replicaId: Uint8Array,
    layer: number,
    current: Uint8Array,
    previous: Uint8Array | null,
    start: number,
    end: number,
  ): void
  expanderParents(
    out: Uint32Array,
    elements: number,
    halfBits: number,
    keys: readonly number[],
    truncate32: boolean,
    start: number,
    end: number,
  ): void
}

/** Where the addon may be: beside the sources (src/ or dist/ layouts) or named by LOTUS_TS_PROOFS_NATIVE. */
function candidates(): string[] {
  const here = import.meta.dirname
  const list = ['..', join('..', '..', '..', 'src', 'proofs')].flatMap((up) => [
    resolve(here, up, 'native', 'build', 'lotus_proofs.node'),
    resolve(here, up, 'native', 'build', 'Release', 'lotus_proofs.node'),
  ])
  const env = process.env.LOTUS_TS_PROOFS_NATIVE
  return env ? [env, ...list] : list
}

/** Rethrows the addon's argument errors as InvalidError. */
function typed(fn: () => void): void {
  try {
    fn()
  } catch (err) {
    throw new InvalidError(`native proofs kernel: ${(err as Error).message}`)
  }
}

export function loadNativeKernel(): { kernel: Kernel | null; reason: string } {
  const path = candidates().find((p) => existsSync(p))
  if (!path) return { kernel: null, reason: 'the addon is not built (run `npm run build:native`)' }
  let addon: Addon
  try {
    addon = createRequire(import.meta.url)(path) as Addon
  } catch (err) {
    return { kernel: null, reason: `the addon at ${path} does not load: ${(err as Error).message}` }
  }
  const kernel: Kernel = {
    name: 'native',
    hashNode: (src, srcOff, dst, dstOff) => typed(() => addon.hashNode(src, srcOff, dst, dstOff)),
    treeRoot: (buf, off, leaves) => typed(() => addon.treeRoot(buf, off, leaves)),
    padTreeRoot: (src, srcOff, quads, scratch, leaves) =>
      typed(() => addon.padTreeRoot(src, srcOff, quads, scratch, leaves)),
    labelLayer: (a: LabelLayerArgs) =>
      typed(() => addon.labelLayer(a.parents, a.replicaId, a.layer, a.current, a.previous, a.start, a.end)),
    expanderParents: (a: ExpanderArgs) =>
      typed(() => addon.expanderParents(a.out, a.elements, a.halfBits, a.keys, a.truncate32, a.start, a.end)),
  }
  return { kernel, reason: '' }
}
