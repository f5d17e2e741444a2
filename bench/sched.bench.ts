/**
 * The scheduler's assignment pass: 1,000 queued requests (AP, PC1, PC2, C2 on 2 KiB sectors) over 10
 * workers with two windows each, decisions (assigned requests) per second. Anchor, in the same run: the
 * bare priority-queue sort of the same 1,000 requests (requestLess), requests ordered per second — the
 * floor of any scheduler that looks at each request once.
 */
import { assignQueue } from '../src/miner/sched/assign.ts'
import { ASSIGNERS } from '../src/miner/sched/assigners.ts'
import { type Request, requestLess } from '../src/miner/sched/request.ts'
import { NO_LOCATOR } from '../src/miner/sched/selectors.ts'
import { WorkerHandle } from '../src/miner/sched/worker-handle.ts'
import { RESOURCE_TABLE } from '../src/worker/resources.ts'
import type { TaskType } from '../src/worker/task-types.ts'
import type { Worker } from '../src/worker/worker.ts'
import type { BenchRow } from './harness.ts'

const TASKS: TaskType[] = ['AP', 'PC1', 'PC2', 'C2']
const N_REQ = 1000
const N_WORKERS = 10

function requests(): Request[] {
  return Array.from({ length: N_REQ }, (_, i) => ({
    spec: { callId: `c${i}`, task: TASKS[i % TASKS.length]!, sector: { miner: 1000, number: i, proof: 5 }, args: null },
    priority: i % 7 === 0 ? 10 : 0,
    sectorSize: 2048,
    created: N_REQ - i,
    waiters: [],
  }))
}

function workers(): WorkerHandle[] {
  return Array.from({ length: N_WORKERS }, (_, i) => {
    const h = new WorkerHandle(
      `w${i}`,
      {} as Worker, // the pass never calls the worker
      {
        hostname: `w${i}`,
        ignoreResources: false,
        resources: {
          memPhysical: 2 ** 40,
          memUsed: 0,
          memSwap: 0,
          memSwapUsed: 0,
          cpus: 4096,
          gpus: ['bench'],
          table: RESOURCE_TABLE,
        },
      },
      new Set(TASKS),
    )
    h.fillWindows(2)
    return h
  })
}

/** Runs passes for about `ms`; returns decisions per second (timed: the passes only). */
async function decisionsPerSecond(ms: number): Promise<number> {
  let decisions = 0
  let spent = 0
  while (spent < ms) {
    const queue = requests().sort(requestLess)
    const hs = workers()
    const t0 = performance.now()
    const out = await assignQueue(queue, () => hs, {
      locator: NO_LOCATOR,
      assigner: ASSIGNERS.utilization,
      stillValid: () => true,
    })
    spent += performance.now() - t0
    for (const perWindow of out.values()) for (const l of perWindow.values()) decisions += l.length
  }
  return (decisions * 1000) / spent
}

function sortedPerSecond(ms: number): number {
  let n = 0
  let spent = 0
  while (spent < ms) {
    const queue = requests()
    const t0 = performance.now()
    queue.sort(requestLess)
    spent += performance.now() - t0
    n += queue.length
  }
  return (n * 1000) / spent
}

export async function rows(): Promise<BenchRow[]> {
  await decisionsPerSecond(200) // warm-up
  sortedPerSecond(100)
  const decisions = await decisionsPerSecond(1500)
  const sorted = sortedPerSecond(1000)
  return [
    {
      name: `sched: assignment decisions, ${N_REQ} queued over ${N_WORKERS} workers`,
      value: decisions,
      unit: 'decisions/s',
      anchor: { name: 'priority-queue sort of the same requests', value: sorted },
    },
  ]
}
