/**
 * The hot-loop kernel: SHA-256-trunc254 trees, SDR layer labeling and expander parents. Two
 * implementations answer to this interface: the native N-API addon (OpenSSL's SHA-256, which uses SHA-NI
 * where the CPU has it) and the pure TypeScript reference. The same vectors test both.
 */

/** Arguments for labeling nodes [start, end) of one SDR layer. */
export interface LabelLayerArgs {
  /** The parents cache: N × 14 u32 (6 DRG, then 8 expander). */
  readonly parents: Uint32Array
  /** 32 bytes. */
  readonly replicaId: Uint8Array
  /** 1-based layer index. */
  readonly layer: number
  /** This layer's labels (N × 32 bytes), filled in node order. */
  readonly current: Uint8Array
  /** The previous layer's labels (layers ≥ 2), else null. */
  readonly previous: Uint8Array | null
  readonly start: number
  readonly end: number
}

/** Arguments for the expander parents of nodes [start, end). */
export interface ExpanderArgs {
  /** N × 14 u32; slots 6..13 of each node are written. */
  readonly out: Uint32Array
  /** Domain size 8N. */
  readonly elements: number
  readonly halfBits: number
  /** The 3 round keys as [hi, lo] u32 pairs, flattened (6 numbers). */
  readonly keys: readonly number[]
  /** V1 truncates the permuted index to u32 before dividing. */
  readonly truncate32: boolean
  readonly start: number
  readonly end: number
}

export interface Kernel {
  readonly name: 'native' | 'ts'
  /** sha256-trunc254 of the 64 bytes at src[srcOff..], written to dst[dstOff..]. */
  hashNode(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void
  /**
   * Reduces the `leaves` 32-byte leaves at buf[off..] (a power of two) to their sha256-trunc254 tree root,
   * in place: the root ends at buf[off..off+32].
   */
  treeRoot(buf: Uint8Array, off: number, leaves: number): void
  /**
   * Fr32-pads `quads` × 127 bytes from src[srcOff..] into scratch, zero-fills it to `leaves` leaves (a power
   * of two ≥ quads × 4) and reduces that to its root at scratch[0..32].
   */
  padTreeRoot(src: Uint8Array, srcOff: number, quads: number, scratch: Uint8Array, leaves: number): void
  labelLayer(args: LabelLayerArgs): void
  expanderParents(args: ExpanderArgs): void
}
