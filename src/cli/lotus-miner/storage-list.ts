/**
 * `lotus-miner storage list` (lotus cli/miner/storage.go): one block per path, sorted by capacity, with
 * the 50-column usage bar (`#` used, `*` reserved), a `(limit)` bar when MaxStorage is set, the sector file
 * counts, weight and use, groups, and where the path is (local directory, URLs).
 */
import type { Decl, FsStat, StorageInfo } from '../../api/miner/index.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { errorMessage } from '../../util/errors.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import type { Command } from '../framework/command.ts'
import { sizeStr } from '../framework/go-format.ts'

const BAR_COLS = 50

const repeat = (s: string, n: number) => (n > 0 ? s.repeat(n) : '')

/** `[###***   ] used/total N%` as Lotus prints it; `suffix` is ` (filesystem)` or ` (limit)`. */
export function usageBar(used: number, reserved: number, total: number, suffix = ''): string {
  if (total <= 0) return `[${repeat(' ', BAR_COLS)}] 0 B/0 B 0%${suffix}`
  const set = Math.floor(((used + reserved) * BAR_COLS) / total)
  const usedCols = Math.floor((used * BAR_COLS) / total)
  const bar = repeat('#', usedCols) + repeat('*', set - usedCols) + repeat(' ', BAR_COLS - set)
  const pct = Math.floor(((used + reserved) * 100) / total)
  return `[${bar}] ${sizeStr(used + reserved)}/${sizeStr(total)} ${pct}%${suffix}`
}

export interface PathReport {
  id: string
  decls: Decl[]
  stat?: FsStat
  statError?: string
  info?: StorageInfo
  local?: string
}

/** The block `storage list` prints for one path. */
export function formatPath(p: PathReport): string {
  const lines = [`${p.id}:`]
  if (!p.stat) return `${[...lines, `\tError: ${p.statError ?? 'unknown'}`].join('\n')}\n`
  const st = p.stat
  const fsUsed = st.Capacity - st.FSAvailable - st.Reserved
  lines.push(`\t${usageBar(fsUsed, st.Reserved, st.Capacity, st.Max > 0 ? ' (filesystem)' : '')}`)
  if (st.Max > 0) lines.push(`\t${usageBar(st.Used, 0, st.Max, ' (limit)')}`)
  const cnt = [0, 0, 0, 0, 0]
  for (const d of p.decls) for (let i = 0; i < cnt.length; i++) if (d.SectorFileType & (1 << i)) cnt[i]!++
  lines.push(
    `\tUnsealed: ${cnt[0]}; Sealed: ${cnt[1]}; Caches: ${cnt[2]}; Updated: ${cnt[3]}; Update-caches: ${cnt[4]}; Reserved: ${sizeStr(st.Reserved)}`,
  )
  const si = p.info
  if (si) {
    lines.push(
      si.CanSeal || si.CanStore
        ? `\tWeight: ${si.Weight}; Use: ${si.CanSeal ? 'Seal ' : ''}${si.CanStore ? 'Store' : ''}`
        : '\tUse: ReadOnly',
    )
    if (si.Groups.length) lines.push(`\tGroups: ${si.Groups.join(', ')}`)
    if (si.AllowTo.length) lines.push(`\tAllowTo: ${si.AllowTo.join(', ')}`)
  }
  if (p.local) lines.push(`\tLocal: ${p.local}`)
  for (const u of si?.URLs ?? []) lines.push(`\tURL: ${u}`)
  return `${lines.join('\n')}\n`
}

export const storageListCmd: Command = {
  name: 'list',
  usage: 'list local storage paths',
  action: (ctx) =>
    withApi(ctx, MINER_REPO, StorageMinerMethods, async (api) => {
      const list = await api.StorageList()
      const local = await api.StorageLocal()
      const reports: PathReport[] = []
      for (const [id, decls] of Object.entries(list)) {
        const r: PathReport = { id, decls, local: local[id] }
        try {
          r.stat = await api.StorageStat(id)
        } catch (err) {
          r.statError = errorMessage(err)
        }
        r.info = await api.StorageInfo(id)
        reports.push(r)
      }
      reports.sort((a, b) => (b.stat?.Capacity ?? 0) - (a.stat?.Capacity ?? 0) || (a.id < b.id ? -1 : 1))
      for (const r of reports) ctx.stdout.write(`${formatPath(r)}\n`)
    }),
}
