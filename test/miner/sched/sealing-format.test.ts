import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ApiWorkerStats } from '../../../src/api/worker/types.ts'
import { formatJobs, formatWorkers, jobTime, jobState } from '../../../src/cli/lotus-miner/sealing.ts'
import { ASSIGNERS } from '../../../src/miner/sched/assigners.ts'

test('Go duration strings, truncated to 100 ms', () => {
  assert.equal(jobTime(0), '0s')
  assert.equal(jobTime(450), '400ms')
  assert.equal(jobTime(2_150), '2.1s')
  assert.equal(jobTime(60_000), '1m0s')
  assert.equal(jobTime(3_782_100), '1h3m2.1s')
})

test('job states from RunWait', () => {
  assert.deepEqual([0, 1, 2, 3, -1, -2, -3].map(jobState), [
    'running',
    'prepared',
    'assigned(1)',
    'assigned(2)',
    'ret-wait',
    'returned',
    'ret-done',
  ])
})

const wid = 'c4d65451-07f8-4b6e-9a51-8a3b5c9d0e1f'
const stats: Record<string, ApiWorkerStats> = {
  [wid]: {
    info: {
      hostname: 'sealer1',
      ignoreResources: false,
      resources: {
        memPhysical: 1008 * 2 ** 30,
        memUsed: 100 * 2 ** 30,
        memSwap: 0,
        memSwapUsed: 0,
        cpus: 128,
        gpus: ['NVIDIA GeForce RTX 3090'],
        table: {},
      },
    },
    tasks: ['seal/v0/addpiece', 'seal/v0/precommit/1', 'seal/v0/fetch'],
    enabled: true,
    memUsedMin: 25.8 * 2 ** 30,
    memUsedMax: 25.8 * 2 ** 30,
    gpuUsed: 0,
    cpuUse: 16,
    taskCounts: { 'seal/v0/precommit/1': 1 },
  },
}

test('sealing jobs: Lotus columns, short ids, ret-done hidden', () => {
  const start = new Date('2026-01-01T00:00:00Z')
  const now = new Date(start.getTime() + 3_782_100)
  const job = (id: string, runWait: number) => ({
    id: { sector: { miner: 1000, number: 12 }, id },
    sector: { miner: 1000, number: 12 },
    task: 'seal/v0/precommit/1',
    runWait,
    start,
    hostname: '',
  })
  const text = formatJobs(
    { [wid]: [job('1f0c9a2b-0000-4000-8000-000000000000', 0), job('2f0c9a2b-0000-4000-8000-000000000000', -3)] },
    stats,
    now,
  )
  assert.equal(
    text,
    'ID        Sector  Worker    Hostname  Task  State    Time      \n1f0c9a2b  12      c4d65451  sealer1   PC1   running  1h3m2.1s  \n',
  )
})

test('sealing workers: host, task counts, bars, GPU', () => {
  const text = formatWorkers(stats)
  const lines = text.split('\n')
  assert.equal(lines[0], `Worker ${wid}, host sealer1`)
  assert.equal(lines[1], '\tTASK: GET(0) PC1(1) AP(0)')
  assert.equal(lines[2], `\tCPU:  [${'|'.repeat(8)}${' '.repeat(56)}] 16/128 core(s) in use`)
  assert.match(lines[3]!, /^\tRAM: {2}\[\|{5} {59}\] 9% 100 GiB\/1008 GiB$/)
  assert.equal(lines[5], '\tGPU: NVIDIA GeForce RTX 3090, not used')
})

test('assigners: utilization prefers holders, spread counts tasks', () => {
  const c = (workerId: string, preferred: boolean, utilization: number, tasks: number) => ({
    workerId,
    preferred,
    utilization,
    tasks,
  })
  assert.equal(ASSIGNERS.utilization([c('a', false, 0.1, 0), c('b', true, 0.5, 3)]), 1)
  assert.equal(ASSIGNERS.utilization([c('a', false, 0.3, 0), c('b', false, 0.1, 3)]), 1)
  assert.equal(ASSIGNERS.spread([c('a', false, 0.1, 2), c('b', false, 0.9, 1)]), 1)
  assert.equal(ASSIGNERS.spread([]), -1)
})
