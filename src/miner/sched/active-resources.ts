/**
 * Resources in use on a worker (Lotus sched_resources.go activeResources): the memory, CPU threads and GPUs
 * taken by the tasks assigned to it, the per-task counts, and the check that a new task fits.
 */
import { type Resources, sizeName, threads } from '../../worker/resources.ts'
import type { TaskType } from '../../worker/task-types.ts'
import type { WorkerInfo, WorkerResources } from '../../worker/worker.ts'

/** What one task takes on one worker. */
export interface Need {
  readonly task: TaskType
  readonly res: Resources
}

/** The row of `w`'s resource table for a task on a sector of `sectorSize` bytes. */
export function needOf(w: WorkerResources, task: TaskType, sectorSize: number): Need {
  return { task, res: w.table[task][sizeName(sectorSize)] }
}

export class ActiveResources {
  memUsedMin = 0
  memUsedMax = 0
  gpuUsed = 0
  cpuUse = 0
  readonly taskCounts = new Map<TaskType, number>()

  /** Total tasks counted. */
  get tasks(): number {
    let n = 0
    for (const c of this.taskCounts.values()) n += c
    return n
  }

  add(w: WorkerResources, need: Need): void {
    this.gpuUsed += need.res.gpuUtilization
    this.cpuUse += threads(need.res, w.cpus, w.gpus.length)
    this.memUsedMin += need.res.minMemory
    this.memUsedMax += need.res.maxMemory
    this.taskCounts.set(need.task, (this.taskCounts.get(need.task) ?? 0) + 1)
  }

  free(w: WorkerResources, need: Need): void {
    this.gpuUsed = Math.max(0, this.gpuUsed - need.res.gpuUtilization)
    this.cpuUse = Math.max(0, this.cpuUse - threads(need.res, w.cpus, w.gpus.length))
    this.memUsedMin = Math.max(0, this.memUsedMin - need.res.minMemory)
    this.memUsedMax = Math.max(0, this.memUsedMax - need.res.maxMemory)
    const c = (this.taskCounts.get(need.task) ?? 0) - 1
    if (c > 0) this.taskCounts.set(need.task, c)
    else this.taskCounts.delete(need.task)
  }

  /**
   * Lotus canHandleRequest: MaxConcurrent; MinMemory + BaseMinMemory within free RAM; MaxMemory +
   * BaseMinMemory within RAM + swap; threads within the CPU count; GPU share within the GPU count. Returns
   * the reason when the task does not fit.
   */
  whyNot(need: Need, info: WorkerInfo): string | undefined {
    if (info.ignoreResources) return undefined
    const w = info.resources
    const res = need.res
    if (res.maxConcurrent > 0 && (this.taskCounts.get(need.task) ?? 0) >= res.maxConcurrent) {
      return `${need.task}: max concurrent ${res.maxConcurrent} reached`
    }
    const memNeeded = res.minMemory + res.baseMinMemory
    const memAvail = w.memPhysical - (this.memUsedMin + w.memUsed)
    if (memNeeded > memAvail) return `${need.task}: not enough physical memory (need ${memNeeded}, have ${memAvail})`
    const vmemNeeded = res.maxMemory + res.baseMinMemory
    const vmemUsed = Math.max(this.memUsedMax, w.memUsed + w.memSwapUsed)
    const vmemAvail = w.memPhysical + w.memSwap - vmemUsed
    if (vmemNeeded > vmemAvail) return `${need.task}: not enough virtual memory (need ${vmemNeeded}, have ${vmemAvail})`
    const t = threads(res, w.cpus, w.gpus.length)
    if (this.cpuUse + t > w.cpus) return `${need.task}: not enough threads (need ${t}, ${this.cpuUse}/${w.cpus} in use)`
    if (w.gpus.length > 0 && res.gpuUtilization > 0 && this.gpuUsed + res.gpuUtilization > w.gpus.length) {
      return `${need.task}: not enough GPUs (need ${res.gpuUtilization}, ${this.gpuUsed}/${w.gpus.length} in use)`
    }
    return undefined
  }

  canHandle(need: Need, info: WorkerInfo): boolean {
    return this.whyNot(need, info) === undefined
  }

  /** Lotus activeResources.utilization: the largest of CPU, RAM, VMEM and GPU shares in use. */
  utilization(w: WorkerResources): number {
    let max = this.cpuUse / Math.max(1, w.cpus)
    max = Math.max(max, (this.memUsedMin + w.memUsed) / Math.max(1, w.memPhysical))
    const vmem = Math.max(this.memUsedMax, w.memUsed + w.memSwapUsed)
    max = Math.max(max, vmem / Math.max(1, w.memPhysical + w.memSwap))
    if (w.gpus.length > 0) max = Math.max(max, this.gpuUsed / w.gpus.length)
    return max
  }

  /** A copy with `extra`'s usage added (a window's allocations on top of what runs). */
  plus(extra: ActiveResources): ActiveResources {
    const out = new ActiveResources()
    out.memUsedMin = this.memUsedMin + extra.memUsedMin
    out.memUsedMax = this.memUsedMax + extra.memUsedMax
    out.gpuUsed = this.gpuUsed + extra.gpuUsed
    out.cpuUse = this.cpuUse + extra.cpuUse
    for (const m of [this.taskCounts, extra.taskCounts]) {
      for (const [t, c] of m) out.taskCounts.set(t, (out.taskCounts.get(t) ?? 0) + c)
    }
    return out
  }
}
