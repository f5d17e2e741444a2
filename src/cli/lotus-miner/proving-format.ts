/**
 * The text of `lotus-miner proving info | deadlines | deadline <n> | faults | check` as Lotus prints it
 * (cmd/lotus-miner/proving.go), from plain values: epochs shown with how far they are (`cliutil.EpochTime`,
 * durafmt's first two units), tables padded to the widest cell plus two spaces.
 */
import type { DeadlineInfo, PartitionInfo } from '../../miner/proving/chain-view.ts'
import type { SubmitWindowedPoStParams } from '../../params/miner-post-params.ts'
import { toBase64 } from '../../util/bytes.ts'

const UNITS: [string, number][] = [
  ['year', 365 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

/** durafmt.Parse(d).LimitFirstN(2): the first two non-zero units, e.g. `1 hour 20 minutes`. */
export function humanDuration(seconds: number): string {
  let left = Math.max(0, Math.floor(seconds))
  const parts: string[] = []
  for (const [name, size] of UNITS) {
    const n = Math.floor(left / size)
    left -= n * size
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`)
  }
  return parts.length === 0 ? '0 seconds' : parts.slice(0, 2).join(' ')
}

/** Lotus cliutil.EpochTime: `120 (in 4 minutes)`, `80 (2 minutes ago)` or `100 (now)`. */
export function epochTime(cur: number, e: number, blockDelaySecs: number): string {
  if (cur === e) return `${e} (now)`
  const d = humanDuration(Math.abs(cur - e) * blockDelaySecs)
  return cur > e ? `${e} (${d} ago)` : `${e} (in ${d})`
}

/** Pads every cell but the last of a row to its column's widest cell plus two spaces. */
export function alignRows(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const r of rows)
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length)
    })
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 2))).join(''))
    .join('\n')
    .concat('\n')
}

export interface ProvingInfoData {
  miner: string
  di: DeadlineInfo
  blockDelaySecs: number
  faults: number
  recovering: number
  liveSectors: number
  deadlineSectors: number
}

export function formatProvingInfo(d: ProvingInfoData): string {
  const { di } = d
  const et = (e: number) => epochTime(di.currentEpoch, e, d.blockDelaySecs)
  const pct = d.liveSectors === 0 ? 0 : (d.faults * 100) / d.liveSectors
  return [
    `Miner: ${d.miner}`,
    `Current Epoch:           ${di.currentEpoch}`,
    `Proving Period Boundary: ${di.periodStart % di.wpostProvingPeriod}`,
    `Proving Period Start:    ${et(di.periodStart)}`,
    `Next Period Start:       ${et(di.periodStart + di.wpostProvingPeriod)}`,
    '',
    `Faults:      ${d.faults} (${pct.toFixed(2)}%)`,
    `Recovering:  ${d.recovering}`,
    '',
    `Deadline Index:       ${di.index}`,
    `Deadline Sectors:     ${d.deadlineSectors}`,
    `Deadline Open:        ${et(di.open)}`,
    `Deadline Close:       ${et(di.close)}`,
    `Deadline Challenge:   ${et(di.challenge)}`,
    `Deadline FaultCutoff: ${et(di.faultCutoff)}`,
    '',
  ].join('\n')
}

/** Wall-clock time (HH:MM:SS, local) a deadline opens: this period's if not yet past, else the next period's. */
export function deadlineOpenTime(di: DeadlineInfo, idx: number, headTimestamp: number, blockDelaySecs: number): string {
  let open = di.periodStart + idx * di.wpostChallengeWindow
  if (open + di.wpostChallengeWindow <= di.currentEpoch) open += di.wpostProvingPeriod
  const t = new Date((headTimestamp + (open - di.currentEpoch) * blockDelaySecs) * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}`
}

export interface DeadlineRow {
  partitions: PartitionInfo[]
  provenPartitions: number
}

export function formatDeadlines(
  miner: string,
  di: DeadlineInfo,
  rows: readonly DeadlineRow[],
  openTime: (idx: number) => string,
  /** Count every sector of the partitions, not only the live ones (`--all`). */
  opts: { all?: boolean } = {},
): string {
  const out: string[][] = [['deadline', 'open', 'partitions', 'sectors (faults)', 'proven partitions']]
  rows.forEach((r, i) => {
    const sectors = r.partitions.reduce((n, p) => n + (opts.all ? p.all : p.live).count, 0)
    const faults = r.partitions.reduce((n, p) => n + p.faulty.count, 0)
    const row = [
      String(i),
      openTime(i),
      String(r.partitions.length),
      `${sectors} (${faults})`,
      String(r.provenPartitions),
    ]
    if (i === di.index) row.push('(current)')
    out.push(row)
  })
  return `Miner: ${miner}\n${alignRows(out)}`
}

export function formatDeadline(
  idx: number,
  di: DeadlineInfo,
  blockDelaySecs: number,
  r: DeadlineRow,
  opts: { sectorNums?: boolean } = {},
): string {
  const lines = [
    `Deadline Index:           ${idx}`,
    `Deadline Open:            ${epochTime(di.currentEpoch, di.periodStart + idx * di.wpostChallengeWindow, blockDelaySecs)}`,
    `Partitions:               ${r.partitions.length}`,
    `Proven Partitions:        ${r.provenPartitions}`,
    `Current:                  ${di.index === idx}`,
    '',
  ]
  r.partitions.forEach((p, i) => {
    lines.push(`Partition Index:          ${i}`)
    for (const [name, bf] of [
      ['All', p.all],
      ['Live', p.live],
      ['Active', p.active],
      ['Faulty', p.faulty],
      ['Recovering', p.recovering],
    ] as const) {
      lines.push(`${name} Sectors:${' '.repeat(18 - name.length)}${bf.count}`)
      if (opts.sectorNums)
        lines.push(`${name} Sector Numbers:${' '.repeat(11 - name.length)}[${bf.toArray().join(' ')}]`)
    }
    lines.push('')
  })
  return lines.join('\n')
}

/** `proving faults`: one row per faulty sector. */
export function formatFaults(
  miner: string,
  rows: readonly { deadline: number; partition: number; sector: number }[],
): string {
  const out = [
    ['deadline', 'partition', 'sectors'],
    ...rows.map((r) => [r.deadline, r.partition, r.sector].map(String)),
  ]
  return `Miner: ${miner}\n${alignRows(out)}`
}

/** `proving check`: one row per sector, `good` or `bad (reason)`. */
export function formatCheck(
  rows: readonly { deadline: number; partition: number; sector: number; bad?: string }[],
  onlyBad: boolean,
): string {
  const out = [['deadline', 'partition', 'sector', 'status']]
  for (const r of rows) {
    if (onlyBad && r.bad === undefined) continue
    out.push([
      String(r.deadline),
      String(r.partition),
      String(r.sector),
      r.bad === undefined ? 'good' : `bad (${r.bad})`,
    ])
  }
  return alignRows(out)
}

/** `proving compute window-post`'s JSON: Lotus's, with each partition's skipped sectors listed by number. */
export function formatWindowPoSts(posts: readonly SubmitWindowedPoStParams[]): string {
  const shown = posts.map((p) => ({
    Deadline: p.deadline,
    Partitions: p.partitions.map((x) => ({ Index: x.index, Skipped: x.skipped.toArray() })),
    Proofs: p.proofs.map((x) => ({ PoStProof: x.postProof, ProofBytes: toBase64(x.proofBytes) })),
    ChainCommitEpoch: p.chainCommitEpoch,
    ChainCommitRand: p.chainCommitRand.length > 0 ? toBase64(p.chainCommitRand) : null,
  }))
  return JSON.stringify(shown, null, 2)
}
