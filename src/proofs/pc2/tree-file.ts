/**
 * Reading paths straight from a full tree file (every row stored, leaves first: TreeD and TreeC) with
 * positional reads, so a proof over a 512MiB sector reads a few KiB instead of the whole file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { LotusError } from '../../util/errors.ts'
import { treeLen } from './tree-shape.ts'

/** A tree file opened for path reads. Call `close()` when done. */
export interface TreeFile {
  readonly root: Uint8Array
  readonly levels: number
  /** The leaf at `index` and its path (siblings bottom up). */
  prove(index: number): { leaf: Uint8Array; path: Uint8Array }
  close(): void
}

function storage(message: string): LotusError {
  return new LotusError('ERR_STORAGE', message)
}

/** Opens a full tree file of `leaves` leaves and arity `arity`; checks its size. */
export function openTreeFile(path: string, leaves: number, arity: number, what: string): TreeFile {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    throw storage(`${what}: cannot open ${path}: ${(err as Error).message}`)
  }
  const want = treeLen(leaves, arity) * 32
  const size = fstatSync(fd).size
  if (size !== want) {
    closeSync(fd)
    throw storage(`${what}: ${path} is ${size} bytes, want ${want}`)
  }
  const read = (offset: number, length: number): Uint8Array => {
    const out = new Uint8Array(length)
    if (readSync(fd, out, 0, length, offset) !== length) throw storage(`${what}: short read at ${offset}`)
    return out
  }
  const rowStarts: number[] = []
  let o = 0
  for (let n = leaves; ; n /= arity) {
    rowStarts.push(o)
    o += n * 32
    if (n === 1) break
  }
  const levels = rowStarts.length - 1
  return {
    root: read(want - 32, 32),
    levels,
    prove(index: number) {
      if (!Number.isInteger(index) || index < 0 || index >= leaves)
        throw storage(`${what}: leaf ${index} is outside [0, ${leaves})`)
      const path = new Uint8Array(levels * (arity - 1) * 32)
      let leaf = new Uint8Array(32)
      let idx = index
      let w = 0
      for (let level = 0; level < levels; level++) {
        const first = idx - (idx % arity)
        const group = read(rowStarts[level]! + first * 32, arity * 32)
        if (level === 0) leaf = group.slice((idx - first) * 32, (idx - first + 1) * 32)
        for (let c = 0; c < arity; c++) {
          if (first + c === idx) continue
          path.set(group.subarray(c * 32, c * 32 + 32), w)
          w += 32
        }
        idx = Math.floor(idx / arity)
      }
      return { leaf, path }
    },
    close() {
      closeSync(fd)
    },
  }
}
