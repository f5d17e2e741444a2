/** The scheduler as the API reports it: WorkerStats, WorkerJobs and SealingSchedDiag (Lotus shapes). */
import type { ApiSchedDiag, ApiWorkerJob, ApiWorkerStats } from '../../api/worker/types.ts'
import { infoToApi } from '../../worker/api-convert.ts'
import { TASK_TYPES } from '../../worker/task-types.ts'
import type { Scheduler } from './scheduler.ts'

/** Per worker id: info, enabled task names, resources in use and task counts (`<proof>:<task name>`). */
export function workerStats(s: Scheduler): Record<string, ApiWorkerStats> {
  const out: Record<string, ApiWorkerStats> = {}
  for (const h of s.workers()) {
    const taskCounts: Record<string, number> = {}
    for (const [t, n] of h.active.taskCounts) taskCounts[TASK_TYPES[t].name] = n
    out[h.id] = {
      info: infoToApi(h.info),
      tasks: [...h.tasks].map((t) => TASK_TYPES[t].name),
      enabled: h.enabled,
      memUsedMin: h.active.memUsedMin,
      memUsedMax: h.active.memUsedMax,
      gpuUsed: h.active.gpuUsed,
      cpuUse: h.active.cpuUse,
      taskCounts,
    }
  }
  return out
}

/** Per worker id: running calls (RunWait 0), assigned ones (window + 2) and ret-wait ones (-1). */
export function workerJobs(s: Scheduler): Record<string, ApiWorkerJob[]> {
  const out: Record<string, ApiWorkerJob[]> = {}
  for (const h of s.workers()) {
    const windows = [...h.closed].map((w) => w.index)
    const jobs: ApiWorkerJob[] = []
    for (const a of h.running.values()) {
      const sec = a.req.spec.sector
      jobs.push({
        id: { sector: { miner: sec.miner, number: sec.number }, id: a.req.spec.callId },
        sector: { miner: sec.miner, number: sec.number },
        task: TASK_TYPES[a.req.spec.task].name,
        runWait: 0,
        start: new Date(a.started ?? a.req.created),
        hostname: h.info.hostname,
      })
    }
    for (const a of h.pending) {
      const sec = a.req.spec.sector
      jobs.push({
        id: { sector: { miner: sec.miner, number: sec.number }, id: a.req.spec.callId },
        sector: { miner: sec.miner, number: sec.number },
        task: TASK_TYPES[a.req.spec.task].name,
        runWait: Math.max(0, windows.indexOf(a.window)) + 2,
        start: new Date(a.req.created),
        hostname: h.info.hostname,
      })
    }
    out[h.id] = jobs
  }
  for (const row of s.orphanCalls()) {
    const id = row.workerId ?? ''
    const list = out[id] ?? []
    out[id] = list
    list.push({
      id: { sector: { miner: row.sector.miner, number: row.sector.number }, id: row.callId },
      sector: { miner: row.sector.miner, number: row.sector.number },
      task: TASK_TYPES[row.task].name,
      runWait: -1,
      start: new Date(row.updatedAt),
      hostname: '',
    })
  }
  return out
}

/** The queue, the open windows (`<worker id>` per open window) and the calls not finished. */
export function schedDiag(s: Scheduler): ApiSchedDiag {
  return {
    requests: s.queued().map((r) => ({
      sector: { miner: r.spec.sector.miner, number: r.spec.sector.number },
      taskType: TASK_TYPES[r.spec.task].name,
      priority: r.priority,
      schedId: r.spec.callId,
    })),
    openWindows: s.workers().flatMap((h) => h.open.map(() => h.id)),
    calls: s.calls.unfinished().map((c) => ({
      callId: c.callId,
      task: TASK_TYPES[c.task].name,
      sector: { miner: c.sector.miner, number: c.sector.number },
      state: c.state,
      worker: c.workerId,
      attempts: c.attempts,
    })),
  }
}
