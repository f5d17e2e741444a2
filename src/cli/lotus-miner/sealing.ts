/**
 * `lotus-miner sealing jobs|workers|sched-diag|abort` (Lotus cmd/lotus-miner/sealing.go): the calls on
 * each worker, each worker's resources in use as bars, the scheduler's queue and windows, and aborting a
 * call by its id (or a unique prefix of it).
 */
import type { Client } from '../../api/client/client.ts'
import { SchedMethods } from '../../api/miner/sched.ts'
import { tableOf } from '../../api/method.ts'
import type { ApiWorkerJob, ApiWorkerStats } from '../../api/worker/types.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { stringifyJson } from '../../util/json.ts'
import { parseTaskType, TASK_TYPES } from '../../worker/task-types.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { goDuration, sizeStr } from '../framework/go-format.ts'
import { TableWriter } from '../framework/table.ts'

const SchedApi = tableOf(SchedMethods)
type SchedClient = Client<typeof SchedApi>

/** First 4 bytes of a UUID in hex (Lotus prints IDs this way). */
const short = (uuid: string) => uuid.replace(/-/g, '').slice(0, 8)

/** A job's age as Lotus prints it: the Go duration truncated to 100 ms. */
export function jobTime(ms: number): string {
  return goDuration(Math.max(0, Math.floor(ms / 100) * 100) * 1e6)
}

/** Lotus's job state from RunWait. */
export function jobState(runWait: number): string {
  if (runWait > 1) return `assigned(${runWait - 1})`
  if (runWait === 1) return 'prepared'
  if (runWait === -1) return 'ret-wait'
  if (runWait === -2) return 'returned'
  if (runWait === -3) return 'ret-done'
  return 'running'
}

const shortTask = (name: string) => {
  try {
    return parseTaskType(name)
  } catch {
    return 'UNK'
  }
}

/** The `sealing jobs` table. */
export function formatJobs(
  jobs: Record<string, ApiWorkerJob[]>,
  stats: Record<string, ApiWorkerStats>,
  now: Date,
  opts: { showRetDone?: boolean; hostname?: string } = {},
): string {
  const lines = Object.entries(jobs).flatMap(([wid, list]) => list.map((j) => ({ wid, j })))
  lines.sort((a, b) => {
    if (a.j.runWait !== b.j.runWait) return a.j.runWait - b.j.runWait
    const t = a.j.start.getTime() - b.j.start.getTime()
    return t !== 0 ? t : a.j.id.id < b.j.id.id ? -1 : a.j.id.id > b.j.id.id ? 1 : 0
  })
  const tw = new TableWriter([
    { name: 'ID' },
    { name: 'Sector' },
    { name: 'Worker' },
    { name: 'Hostname' },
    { name: 'Task' },
    { name: 'State' },
    { name: 'Time' },
  ])
  for (const { wid, j } of lines) {
    if (j.runWait === -3 && !opts.showRetDone) continue
    const host = stats[wid]?.info.hostname ?? j.hostname
    if (opts.hostname && host !== opts.hostname) continue
    tw.write({
      ID: short(j.id.id),
      Sector: j.sector.number,
      Worker: wid ? short(wid) : '',
      Hostname: host,
      Task: shortTask(j.task),
      State: jobState(j.runWait),
      Time: jobTime(now.getTime() - j.start.getTime()),
    })
  }
  return tw.toString()
}

const BAR = 64

function bar(parts: number[], total: number): string {
  const counts = parts.map((p) => (total > 0 ? Math.floor((p * BAR) / total) : 0))
  const used = Math.min(
    BAR,
    counts.reduce((a, b) => a + b, 0),
  )
  return '|'.repeat(used) + ' '.repeat(BAR - used)
}

/** The `sealing workers` text: one block per worker, by worker id. */
export function formatWorkers(stats: Record<string, ApiWorkerStats>): string {
  const out: string[] = []
  for (const [id, st] of Object.entries(stats).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r = st.info.resources
    out.push(`Worker ${id}, host ${st.info.hostname}${st.enabled ? '' : ' (disabled)'}`)
    const tasks = st.tasks
      .map(shortTask)
      .sort((a, b) => (a === 'UNK' || b === 'UNK' ? 0 : TASK_TYPES[a].order - TASK_TYPES[b].order))
      .map((t) => `${t}(${t === 'UNK' ? 0 : (st.taskCounts[TASK_TYPES[t].name] ?? 0)})`)
    out.push(`\tTASK: ${tasks.join(' ')}`)
    out.push(`\tCPU:  [${bar([st.cpuUse], r.cpus)}] ${st.cpuUse}/${r.cpus} core(s) in use`)
    const ramTasks = st.memUsedMin
    const ramReserved = Math.max(0, r.memUsed - ramTasks)
    const ramPct = r.memPhysical > 0 ? Math.floor(((ramTasks + ramReserved) * 100) / r.memPhysical) : 0
    out.push(
      `\tRAM:  [${bar([ramReserved, ramTasks], r.memPhysical)}] ${ramPct}% ${sizeStr(ramTasks + ramReserved)}/${sizeStr(r.memPhysical)}`,
    )
    const vmemTotal = r.memPhysical + r.memSwap
    const vmemTasks = st.memUsedMax
    const vmemReserved = Math.max(0, r.memUsed + r.memSwapUsed - vmemTasks)
    const vmemPct = vmemTotal > 0 ? Math.floor(((vmemTasks + vmemReserved) * 100) / vmemTotal) : 0
    out.push(
      `\tVMEM: [${bar([vmemReserved, vmemTasks], vmemTotal)}] ${vmemPct}% ${sizeStr(vmemTasks + vmemReserved)}/${sizeStr(vmemTotal)}`,
    )
    for (const gpu of r.gpus) out.push(`\tGPU: ${gpu}, ${st.gpuUsed > 0 ? '' : 'not '}used`)
  }
  return out.length ? `${out.join('\n')}\n` : ''
}

const withSched = (ctx: Parameters<NonNullable<Command['action']>>[0], fn: (api: SchedClient) => Promise<void>) =>
  withApi(ctx, MINER_REPO, SchedApi, fn)

const jobsCmd: Command = {
  name: 'jobs',
  usage: 'list running jobs',
  flags: [
    { name: 'show-ret-done', kind: 'bool', usage: 'show returned but not consumed calls' },
    { name: 'hostname', kind: 'string', usage: 'filter jobs by hostname' },
  ],
  action: (ctx) =>
    withSched(ctx, async (api) => {
      const [jobs, stats] = await Promise.all([api.WorkerJobs(), api.WorkerStats()])
      ctx.stdout.write(
        formatJobs(jobs, stats, new Date(), {
          showRetDone: bool(ctx, 'show-ret-done'),
          hostname: str(ctx, 'hostname'),
        }),
      )
    }),
}

const workersCmd: Command = {
  name: 'workers',
  usage: 'list workers',
  action: (ctx) =>
    withSched(ctx, async (api) => {
      ctx.stdout.write(formatWorkers(await api.WorkerStats()))
    }),
}

const schedDiagCmd: Command = {
  name: 'sched-diag',
  usage: 'Dump internal scheduler state',
  flags: [{ name: 'force-sched', kind: 'bool', usage: 'run a scheduling pass first' }],
  action: (ctx) =>
    withSched(ctx, async (api) => {
      const d = await api.SealingSchedDiag(bool(ctx, 'force-sched'))
      ctx.stdout.write(`${stringifyJson(SchedApi.SealingSchedDiag.result.toJson(d), 2)}\n`)
    }),
}

const abortCmd: Command = {
  name: 'abort',
  usage: 'Abort a running job',
  argsUsage: '[callid]',
  action: (ctx) =>
    withSched(ctx, async (api) => {
      if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
      const want = ctx.args[0]!.toLowerCase()
      const jobs = Object.values(await api.WorkerJobs()).flat()
      const hits = jobs.filter((j) => j.id.id.startsWith(want) || short(j.id.id).startsWith(want))
      if (hits.length === 0) throw new CliError(`job with specified id prefix not found: ${want}`)
      if (hits.length > 1) throw new CliError(`more than one job matches id prefix ${want}`)
      ctx.stderr.write(
        `aborting job ${hits[0]!.id.id}, task ${shortTask(hits[0]!.task)}, sector ${hits[0]!.sector.number}\n`,
      )
      await api.SealingAbort(hits[0]!.id)
    }),
}

/** `lotus-miner sealing`; registered by the lotus-miner app. */
export const sealingCmd: Command = {
  name: 'sealing',
  usage: 'interact with sealing pipeline',
  subcommands: [jobsCmd, workersCmd, schedDiagCmd, abortCmd],
}
