/**
 * Lotus's lib/tablewriter: rows are maps from column name to value; each column is padded to its widest
 * cell (header included) plus two spaces; a column no row has a value for is dropped; a row key with no
 * declared column adds one at the end. Separate-line columns print below their row.
 */
import type { Writable } from 'node:stream'

export interface Column {
  readonly name: string
  /** Printed on its own line below the row (Lotus NewLineCol), e.g. an error. */
  readonly separateLine?: boolean
  readonly rightAlign?: boolean
}

const ANSI = /\x1b\[[0-9;]*m/g
const width = (s: string) => [...s.replace(ANSI, '')].length

export class TableWriter {
  private readonly cols: (Column & { lines: number })[]
  private readonly rows: Map<number, string>[] = []

  constructor(cols: readonly Column[]) {
    this.cols = cols.map((c) => ({ ...c, lines: 0 }))
  }

  write(row: Record<string, unknown>): void {
    const byCol = new Map<number, string>()
    for (const [name, value] of Object.entries(row)) {
      if (value === undefined) continue
      let i = this.cols.findIndex((c) => c.name === name)
      if (i < 0) {
        this.cols.push({ name, lines: 0 })
        i = this.cols.length - 1
      }
      this.cols[i]!.lines++
      byCol.set(i, String(value))
    }
    this.rows.push(byCol)
  }

  /** The table as text (what Flush prints). */
  toString(): string {
    const header = new Map<number, string>()
    this.cols.forEach((c, i) => {
      if (!c.separateLine) header.set(i, c.name)
    })
    const all = [header, ...this.rows]
    const lens = this.cols.map((c, i) => (c.lines === 0 ? 0 : Math.max(...all.map((r) => width(r.get(i) ?? '')))))
    const lines: string[] = []
    for (const row of all) {
      let line = ''
      const extra: string[] = []
      this.cols.forEach((c, i) => {
        if (c.lines === 0) return
        const e = row.get(i) ?? ''
        if (c.separateLine) {
          if (e !== '') extra.push(`  ${c.name}: ${e}`)
          return
        }
        const pad = lens[i]! - width(e) + 2
        line += c.rightAlign ? `${' '.repeat(pad - 1)}${e} ` : `${e}${' '.repeat(pad)}`
      })
      lines.push(line, ...extra)
    }
    return `${lines.join('\n')}\n`
  }

  flush(out: Writable): void {
    out.write(this.toString())
  }
}
