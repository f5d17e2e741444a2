/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose file name contains an argument) and
 * prints one table.
 */
import { readdirSync } from 'node:fs'
import { type BenchRow, printTable } from './harness.ts'

const filters = process.argv.slice(2)
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
const rows: BenchRow[] = []
for (const f of files) {
  process.stderr.write(`bench: ${f}...\n`)
  const mod = (await import(`./${f}`)) as { rows: () => Promise<BenchRow[]> }
  rows.push(...(await mod.rows()))
}
printTable(rows)
