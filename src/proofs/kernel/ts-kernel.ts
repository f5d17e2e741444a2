/** The pure TypeScript kernel: the reference the native addon is tested against. */
import { fr32PadInto } from '../fr32.ts'
import { feistelHash } from '../sdr/blake2b-16.ts'
import type { ExpanderArgs, Kernel, LabelLayerArgs } from './kernel.ts'
import { hashMessageTs, hashNodeTs } from './sha256-ts.ts'

/** Bytes in an SDR label message: 64-byte header + 37 parent labels. */
export const LABEL_MESSAGE = 64 + 37 * 32

const message = new Uint8Array(1280)

function labelLayer(a: LabelLayerArgs): void {
  const { parents, current, previous } = a
  const dv = new DataView(message.buffer)
  message.set(a.replicaId, 0)
  dv.setUint32(32, a.layer, false)
  const count = previous === null ? 6 : 14
  for (let v = a.start; v < a.end; v++) {
    message.fill(0, 36, 64)
    dv.setUint32(36, Math.floor(v / 2 ** 32), false)
    dv.setUint32(40, v >>> 0, false)
    if (v === 0) {
      hashMessageTs(message, 64, current, 0)
      continue
    }
    const base = v * 14
    for (let slot = 0; slot < 37; slot++) {
      const k = slot % count
      const p = parents[base + k]!
      const src = k < 6 ? current : (previous as Uint8Array)
      message.set(src.subarray(p * 32, p * 32 + 32), 64 + slot * 32)
    }
    hashMessageTs(message, LABEL_MESSAGE, current, v * 32)
  }
}

function expanderParents(a: ExpanderArgs): void {
  const split = 2 ** a.halfBits
  const mask = split - 1
  const k = a.keys
  for (let v = a.start; v < a.end; v++) {
    for (let i = 0; i < 8; i++) {
      let u = v * 8 + i
      do {
        let left = Math.floor(u / split)
        let right = u % split
        for (let r = 0; r < 3; r++) {
          const f = (feistelHash(right, k[2 * r]!, k[2 * r + 1]!) & mask) >>> 0
          const next = (left ^ f) >>> 0
          left = right
          right = next
        }
        u = left * split + right
      } while (u >= a.elements)
      const x = a.truncate32 ? u % 2 ** 32 : u
      a.out[v * 14 + 6 + i] = Math.floor(x / 8)
    }
  }
}

function treeRoot(buf: Uint8Array, off: number, leaves: number): void {
  for (let n = leaves; n > 1; n /= 2) {
    for (let i = 0; i < n / 2; i++) hashNodeTs(buf, off + i * 64, buf, off + i * 32)
  }
}

export const tsKernel: Kernel = {
  name: 'ts',
  hashNode: hashNodeTs,
  treeRoot,
  padTreeRoot(src, srcOff, quads, scratch, leaves) {
    fr32PadInto(src, srcOff, scratch, 0, quads)
    scratch.fill(0, quads * 128, leaves * 32)
    treeRoot(scratch, 0, leaves)
  },
  labelLayer,
  expanderParents,
}
