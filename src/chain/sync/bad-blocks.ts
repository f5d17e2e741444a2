/**
 * The bad-block cache (Lotus `chain/badtscache.go`): blocks found invalid, with the reason, bounded
 * (least recently marked go first). SyncCheckBad reads it; a block in it is refused at once.
 */
import type { CID } from '../../core/cid.ts'

/** Lotus `BadBlockCacheSize`. */
export const BAD_BLOCK_CACHE_SIZE = 1 << 15

export class BadBlockCache {
  private readonly reasons = new Map<string, string>()

  constructor(private readonly max = BAD_BLOCK_CACHE_SIZE) {}

  add(cid: CID, reason: string): void {
    const k = cid.toString()
    this.reasons.delete(k)
    this.reasons.set(k, reason)
    if (this.reasons.size > this.max) this.reasons.delete(this.reasons.keys().next().value!)
  }

  /** Why the block was marked bad, or undefined. */
  has(cid: CID): string | undefined {
    return this.reasons.get(cid.toString())
  }

  get size(): number {
    return this.reasons.size
  }
}
