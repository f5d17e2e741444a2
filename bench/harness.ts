/**
 * Benchmark harness. Each `bench/*.bench.ts` exports `rows(): Promise<BenchRow[]>`; `bench/main.ts` runs
 * them all and prints one table: each figure beside its anchor (a physical limit or a peer measured in the
 * same run) and the ratio between them.
 */
export interface BenchRow {
  /** What was measured, e.g. "CBOR encode BlockHeader". */
  name: string
  /** Our figure and its unit (higher is better unless `lowerIsBetter`). */
  value: number
  unit: string
  /** The anchor: what it is and its figure in the same unit. */
  anchor?: { name: string; value: number }
  lowerIsBetter?: boolean
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
export async function opsPerSecond(fn: () => unknown, ms = 1000, batch = 1): Promise<number> {
  const warm = performance.now() + Math.min(200, ms / 4)
  while (performance.now() < warm) await fn()
  let ops = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    await fn()
    ops += batch
    now = performance.now()
  }
  return (ops * 1000) / (now - start)
}

/** Synchronous variant: no awaits between calls, for fast pure functions. */
export function opsPerSecondSync(fn: () => unknown, ms = 1000, batch = 1): number {
  const warm = performance.now() + Math.min(200, ms / 4)
  while (performance.now() < warm) fn()
  let ops = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 16; i++) fn()
    ops += 16 * batch
    now = performance.now()
  }
  return (ops * 1000) / (now - start)
}

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US')
  if (n >= 1) return n.toFixed(2)
  return n.toPrecision(3)
}

export function printTable(rows: BenchRow[]): void {
  const header = ['benchmark', 'lotus-ts', 'unit', 'anchor', 'anchor value', 'ratio']
  const body = rows.map((r) => {
    const ratio = r.anchor ? (r.lowerIsBetter ? r.anchor.value / r.value : r.value / r.anchor.value) : undefined
    return [
      r.name,
      fmt(r.value),
      r.unit,
      r.anchor?.name ?? '',
      r.anchor ? fmt(r.anchor.value) : '',
      ratio === undefined ? '' : `${ratio.toFixed(2)}x`,
    ]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 1 || i === 4 || i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const b of body) console.log(line(b))
  console.log(
    '\nratio = lotus-ts / anchor (for lower-is-better rows, anchor / lotus-ts): above 1x is better than the anchor.',
  )
}
