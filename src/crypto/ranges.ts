/**
 * Set algebra over flat half-open ranges `[s0, e0, s1, e1, ...]` (sorted, non-empty, non-adjacent):
 * the representation BitField keeps. Every function is linear in the number of ranges and returns a
 * canonical list.
 */

/** Appends [s, e) to `out`, merging it into the last range when they touch or overlap. */
function add(out: number[], s: number, e: number): void {
  const n = out.length
  if (n > 0 && s <= out[n - 1]!) {
    if (e > out[n - 1]!) out[n - 1] = e
  } else out.push(s, e)
}

export function unionRanges(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      add(out, a[i]!, a[i + 1]!)
      i += 2
    } else {
      add(out, b[j]!, b[j + 1]!)
      j += 2
    }
  }
  return out
}

export function intersectRanges(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]!, b[j]!)
    const e = Math.min(a[i + 1]!, b[j + 1]!)
    if (s < e) out.push(s, e)
    if (a[i + 1]! < b[j + 1]!) i += 2
    else j += 2
  }
  return out
}

/** a minus b. */
export function subtractRanges(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let j = 0
  for (let i = 0; i < a.length; i += 2) {
    let cur = a[i]!
    const end = a[i + 1]!
    while (cur < end) {
      while (j < b.length && b[j + 1]! <= cur) j += 2
      if (j >= b.length || b[j]! >= end) {
        out.push(cur, end)
        break
      }
      if (b[j]! > cur) out.push(cur, b[j]!)
      cur = b[j + 1]!
    }
  }
  return out
}

/** Index of the range holding `x`, or -1 (binary search over starts). */
export function findRange(r: readonly number[], x: number): number {
  let lo = 0
  let hi = r.length / 2 - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (x < r[2 * mid]!) hi = mid - 1
    else if (x >= r[2 * mid + 1]!) lo = mid + 1
    else return mid
  }
  return -1
}
