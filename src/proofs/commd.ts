/**
 * CommD from an ordered list of pieces (filecoin-proofs `compute_comm_d`, go-commp-utils
 * `GenerateUnsealedCID`): each piece sits at the next offset that is a multiple of its own padded size, gaps
 * and the tail up to the sector size are zero pieces, and equal-sized neighbours merge on a stack.
 */
import { InvalidError } from '../util/errors.ts'
import type { Kernel } from './kernel/kernel.ts'
import { kernel as defaultKernel } from './kernel/select.ts'
import { checkPaddedSize } from './piece-size.ts'
import { zeroCommForSize } from './zero-comm.ts'

/** A piece as placed in a sector: its padded size and 32-byte CommP. */
export interface PieceInfo {
  readonly size: number
  readonly commP: Uint8Array
}

/** The zero pieces (smallest first) that bring `offset` up to a multiple of `align`. */
export function requiredPadding(offset: number, align: number): number[] {
  const out: number[] = []
  let fill = (align - (offset % align)) % align
  for (let bit = 1; fill > 0; bit *= 2) {
    if (fill % (bit * 2) !== 0) {
      out.push(bit)
      fill -= bit
    }
  }
  return out
}

/** Offsets of each piece in the sector after alignment padding. */
export function pieceOffsets(sizes: readonly number[]): number[] {
  let offset = 0
  return sizes.map((size) => {
    offset += requiredPadding(offset, size).reduce((a, b) => a + b, 0)
    const at = offset
    offset += size
    return at
  })
}

/** CommD of a sector of `sectorSize` bytes holding `pieces` in order. */
export function commDFromPieces(
  pieces: readonly PieceInfo[],
  sectorSize: number,
  k: Kernel = defaultKernel(),
): Uint8Array {
  checkPaddedSize(sectorSize)
  const stack: PieceInfo[] = []
  const pair = new Uint8Array(64)
  const push = (p: PieceInfo): void => {
    let cur = p
    for (let top = stack.at(-1); top && top.size === cur.size; top = stack.at(-1)) {
      stack.pop()
      pair.set(top.commP, 0)
      pair.set(cur.commP, 32)
      const out = new Uint8Array(32)
      k.hashNode(pair, 0, out, 0)
      cur = { size: cur.size * 2, commP: out }
    }
    stack.push(cur)
  }
  const zeros = (sizes: number[]): void => {
    for (const size of sizes) {
      push({ size, commP: zeroCommForSize(size) })
      offset += size
    }
  }
  let offset = 0
  pieces.forEach((p, i) => {
    try {
      checkPaddedSize(p.size)
    } catch (err) {
      throw new InvalidError(`piece ${i}: ${(err as Error).message}`)
    }
    if (p.commP.length !== 32) throw new InvalidError(`piece ${i}: CommP is ${p.commP.length} bytes, want 32`)
    zeros(requiredPadding(offset, p.size))
    if (offset + p.size > sectorSize)
      throw new InvalidError(`piece ${i} (${p.size} B at offset ${offset}) does not fit a ${sectorSize}-byte sector`)
    push(p)
    offset += p.size
  })
  zeros(requiredPadding(offset, sectorSize))
  if (offset === 0) zeros([sectorSize])
  return stack[0]!.commP
}
