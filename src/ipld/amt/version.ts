/**
 * The two AMT wire formats Filecoin uses, as data.
 * - v0 (go-amt-ipld v2): root `[height, count, node]`, width fixed at 8 (bitWidth 3). MsgMeta message lists
 *   and receipts use it.
 * - v3 (go-amt-ipld v3/v4): root `[bitWidth, height, count, node]`; actor state (sectors, deadlines, ...).
 * A node is `[bmap bytes, [CID...], [value...]]` in both.
 */
export type AmtVersion = 0 | 3

export interface AmtVersionRules {
  /** Number of fields in the root tuple. */
  rootFields: number
  /** The bitWidth this version is fixed to, if it is. */
  fixedBitWidth?: number
  /** Largest index a Set accepts. */
  maxIndex: bigint
  /** Tallest tree a Load accepts. */
  maxHeight: number
}

export const AMT_VERSIONS: Record<AmtVersion, AmtVersionRules> = {
  // go-amt-ipld v2: MaxIndex = 2^63 - 1, maxHeight = 63/3 - 1 = 20.
  0: { rootFields: 3, fixedBitWidth: 3, maxIndex: (1n << 63n) - 1n, maxHeight: 20 },
  // go-amt-ipld v4: MaxIndex = 2^64 - 2 (so count+1 cannot overflow); height <= 64 then a capacity check.
  3: { rootFields: 4, maxIndex: (1n << 64n) - 2n, maxHeight: 64 },
}

/** go-amt-ipld's default bitWidth for v3 (width 8). */
export const DEFAULT_AMT_BIT_WIDTH = 3
/** Widest node we accept: 2^10 slots per node (builtin actors use at most bitWidth 6). */
export const MAX_AMT_BIT_WIDTH = 10
