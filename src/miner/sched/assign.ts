/**
 * The assignment half of a scheduling pass (Lotus trySched): for each queued call in order, the windows
 * that can take it (enabled worker, task supported, window resources, selector), then the assigner's
 * choice. Assigned calls leave the queue; their resources are added to the chosen window.
 */
import { ActiveResources, needOf } from './active-resources.ts'
import type { Assigner, Candidate } from './assigners.ts'
import type { Assigned, Request } from './request.ts'
import { type SectorLocator, select } from './selectors.ts'
import type { Window, WorkerHandle } from './worker-handle.ts'

export interface AssignDeps {
  readonly locator: SectorLocator
  readonly assigner: Assigner
  /** False once the worker was dropped (or the scheduler closed) during the pass. */
  readonly stillValid: (h: WorkerHandle) => boolean
}

/** What a worker would be loaded with, running and assigned, plus one more task. */
function loadWith(h: WorkerHandle, need: Assigned['need']): ActiveResources {
  let load = h.active.plus(new ActiveResources())
  for (const win of [...h.open, ...h.closed]) load = load.plus(win.allocated)
  load.add(h.info.resources, need)
  return load
}

/** Assigns what it can from `queue` (mutated); returns the assignments per worker and window. */
export async function assignQueue(
  queue: Request[],
  handles: () => WorkerHandle[],
  d: AssignDeps,
): Promise<Map<WorkerHandle, Map<Window, Assigned[]>>> {
  const out = new Map<WorkerHandle, Map<Window, Assigned[]>>()
  for (const req of [...queue]) {
    const cands: (Candidate & { h: WorkerHandle; w: Window; need: Assigned['need'] })[] = []
    for (const h of handles()) {
      if (!h.enabled || !h.tasks.has(req.spec.task)) continue
      const need = needOf(h.info.resources, req.spec.task, req.sectorSize)
      const w = h.open.find((win) => win.allocated.canHandle(need, h.info))
      if (!w) continue
      const sel = await select(d.locator, req.spec.task, h.id, req.spec.sector)
      if (!sel.ok) continue
      const extra = [...(out.get(h)?.values() ?? [])].reduce((n, l) => n + l.length, 0)
      cands.push({
        workerId: h.id,
        preferred: sel.preferred,
        utilization: loadWith(h, need).utilization(h.info.resources),
        tasks: h.taskCount + extra,
        h,
        w,
        need,
      })
    }
    if (!queue.includes(req)) continue // aborted during the pass
    const pick = cands[d.assigner(cands)]
    if (!pick || !d.stillValid(pick.h) || !pick.h.open.includes(pick.w)) continue
    pick.w.allocated.add(pick.h.info.resources, pick.need)
    queue.splice(queue.indexOf(req), 1)
    const perWorker = out.get(pick.h) ?? new Map<Window, Assigned[]>()
    out.set(pick.h, perWorker)
    const list = perWorker.get(pick.w) ?? []
    perWorker.set(pick.w, list)
    list.push({ req, need: pick.need, window: pick.w.index })
  }
  return out
}
