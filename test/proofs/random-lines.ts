/**
 * Checks go-fil-commp-hashhash random.txt lines in one pass: every payload is a prefix of the same Go
 * math/rand (seed 1337) stream, so one hasher reads the stream once and snapshots at each line's size.
 */
import assert from 'node:assert/strict'
import { CommPHasher } from '../../src/proofs/commp.ts'
import type { Kernel } from '../../src/proofs/kernel/kernel.ts'
import { goRandomChunks } from './go-math-rand.ts'

export interface RandomLine {
  readonly size: number
  readonly padded: number
  readonly cid: string
}

/** Returns how many lines matched (asserting each). */
export function checkRandomLines(lines: readonly RandomLine[], kernel: Kernel): number {
  const sorted = [...lines].sort((a, b) => a.size - b.size)
  const max = sorted.at(-1)?.size ?? 0
  const h = new CommPHasher({ kernel })
  let pos = 0
  let next = 0
  for (const chunk of goRandomChunks(max)) {
    let off = 0
    while (next < sorted.length && sorted[next]!.size <= pos + chunk.length) {
      const line = sorted[next]!
      h.update(chunk.subarray(off, line.size - pos))
      off = line.size - pos
      const r = h.snapshot()
      assert.equal(r.pieceCid.toString(), line.cid, `${kernel.name} payload ${line.size}`)
      assert.equal(r.paddedSize, line.padded)
      next++
    }
    h.update(chunk.subarray(off))
    pos += chunk.length
  }
  return next
}
