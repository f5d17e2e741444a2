import assert from 'node:assert/strict'
import { test } from 'node:test'
import { assignerFromEnv } from '../../../src/miner/sched/assigners.ts'
import { InvalidError } from '../../../src/util/errors.ts'
import { parseResourceEnv, RESOURCE_TABLE, sizeName, threads } from '../../../src/worker/resources.ts'
import { ALL_TASK_TYPES, parseTaskType, taskLess } from '../../../src/worker/task-types.ts'

test('task types sort in Lotus order: WNP, WDP, FIN, GET, UNS, C1, C2, PC2, PC1, AP', () => {
  const some = ['AP', 'PC1', 'PC2', 'C2', 'C1', 'UNS', 'GET', 'FIN', 'WDP', 'WNP'] as const
  const sorted = [...some].sort((a, b) => (taskLess(a, b) ? -1 : taskLess(b, a) ? 1 : 0))
  assert.deepEqual(sorted, ['WNP', 'WDP', 'FIN', 'GET', 'UNS', 'C1', 'C2', 'PC2', 'PC1', 'AP'])
  assert.equal(parseTaskType('seal/v0/precommit/1'), 'PC1')
  assert.equal(parseTaskType('pc2'), 'PC2')
  assert.throws(() => parseTaskType('PC9'), InvalidError)
  assert.equal(ALL_TASK_TYPES.length, 18)
})

test('resource table rows match storiface/resources.go', () => {
  const G = 2 ** 30
  assert.equal(RESOURCE_TABLE.PC1['32G'].minMemory, 56 * G)
  assert.equal(RESOURCE_TABLE.PC1['32G'].maxMemory, 64 * G)
  assert.equal(RESOURCE_TABLE.PC1['32G'].baseMinMemory, 10 << 20)
  assert.equal(RESOURCE_TABLE.C2['64G'].maxMemory, 190 * G)
  assert.equal(RESOURCE_TABLE.C2['32G'].gpuUtilization, 1)
  assert.equal(RESOURCE_TABLE.PC2['512M'].maxMemory, 1.5 * G)
  assert.equal(RESOURCE_TABLE.AP['2K'].minMemory, 2048)
  assert.equal(RESOURCE_TABLE.GET['32G'].minMemory, 1 << 20)
  assert.equal(RESOURCE_TABLE.UNS, RESOURCE_TABLE.PC1)
  assert.equal(RESOURCE_TABLE.FIN['32G'].minMemory, 0)
  assert.equal(sizeName(34359738368), '32G')
  assert.throws(() => sizeName(12345), InvalidError)
})

test('threads: -1 is 92% of the CPUs, the GPU count applies only with a GPU', () => {
  assert.equal(threads(RESOURCE_TABLE.PC2['32G'], 128, 0), 117)
  assert.equal(threads(RESOURCE_TABLE.PC2['32G'], 128, 1), 6)
  assert.equal(threads(RESOURCE_TABLE.PC2['2K'], 1, 0), 1)
  assert.equal(threads(RESOURCE_TABLE.C1['32G'], 16, 0), 0)
})

test('env overrides: <TASK>_<SIZE>_<FIELD>, multicore SDR, bad values refused', () => {
  const t = parseResourceEnv({ PC1_32G_MAX_CONCURRENT: '4', C2_2K_MIN_MEMORY: '1000', PC2_8M_GPU_UTILIZATION: '0.5' })
  assert.equal(t.PC1['32G'].maxConcurrent, 4)
  assert.equal(t.PC1['64G'].maxConcurrent, 0)
  assert.equal(t.C2['2K'].minMemory, 1000)
  assert.equal(t.PC2['8M'].gpuUtilization, 0.5)
  assert.equal(t.PC1['32G'].maxParallelism, 1)
  const sdr = parseResourceEnv({ FIL_PROOFS_USE_MULTICORE_SDR: '1' })
  assert.equal(sdr.PC1['32G'].maxParallelism, 4)
  assert.equal(
    parseResourceEnv({ FIL_PROOFS_USE_MULTICORE_SDR: '1', FIL_PROOFS_MULTICORE_SDR_PRODUCERS: '1' }).UNS['2K']
      .maxParallelism,
    2,
  )
  assert.equal(
    parseResourceEnv({ PC1_2K_MAX_PARALLELISM: '7', FIL_PROOFS_USE_MULTICORE_SDR: '1' }).PC1['2K'].maxParallelism,
    7,
  )
  assert.throws(() => parseResourceEnv({ AP_2K_MIN_MEMORY: '-1' }), /AP_2K_MIN_MEMORY=-1/)
  assert.throws(() => parseResourceEnv({ AP_2K_MAX_CONCURRENT: 'x' }), InvalidError)
})

test('LOTUS_SCHED_ASSIGNER picks the assigner', () => {
  assert.equal(assignerFromEnv({}), 'utilization')
  assert.equal(assignerFromEnv({ LOTUS_SCHED_ASSIGNER: 'spread' }), 'spread')
  assert.throws(() => assignerFromEnv({ LOTUS_SCHED_ASSIGNER: 'random' }), InvalidError)
})
