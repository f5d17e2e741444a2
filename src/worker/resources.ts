/**
 * What each task needs, per task type and sector size (Lotus storiface/resources.go ResourceTable), and the
 * environment overrides a worker applies to it (`<SHORT>_<SIZE>_<FIELD>`, e.g. `PC1_32G_MAX_CONCURRENT=4`,
 * ParseResourceEnv). Memory in bytes.
 */
import { InvalidError } from '../util/errors.ts'
import { ALL_TASK_TYPES, type TaskType } from './task-types.ts'

export interface Resources {
  /** What must be in RAM for decent performance. */
  readonly minMemory: number
  /** Peak memory (RAM + swap). */
  readonly maxMemory: number
  /** GPUs the task uses (0 = none). */
  readonly gpuUtilization: number
  /** CPU threads without a GPU; -1 = 92% of the worker's CPUs. */
  readonly maxParallelism: number
  /** CPU threads when a GPU is used; 0 = same as maxParallelism. */
  readonly maxParallelismGpu: number
  /** Memory shared between tasks of this kind (parameters, parents cache). */
  readonly baseMinMemory: number
  /** At most this many of the task on one worker; 0 = no limit. */
  readonly maxConcurrent: number
}

/** The sector sizes the table has rows for, by Lotus's short size name. */
export const SECTOR_SIZES = {
  '2K': 2 << 10,
  '8M': 8 << 20,
  '512M': 512 << 20,
  '32G': 32 * 2 ** 30,
  '64G': 64 * 2 ** 30,
} as const
export type SizeName = keyof typeof SECTOR_SIZES
const SIZE_NAMES = Object.keys(SECTOR_SIZES) as SizeName[]

/** The size name of a sector size in bytes. */
export function sizeName(sectorSize: number): SizeName {
  const n = SIZE_NAMES.find((s) => SECTOR_SIZES[s] === sectorSize)
  if (!n) throw new InvalidError(`no resource table row for sector size ${sectorSize}`)
  return n
}

const G = 2 ** 30
const M = 2 ** 20
const K = 2 ** 10
const NONE: Resources = {
  minMemory: 0,
  maxMemory: 0,
  gpuUtilization: 0,
  maxParallelism: 0,
  maxParallelismGpu: 0,
  baseMinMemory: 0,
  maxConcurrent: 0,
}
type Row = [min: number, max: number, par: number, gpu: number, parGpu: number, base: number]
const r = ([min, max, par, gpu, parGpu, base]: Row): Resources => ({
  ...NONE,
  minMemory: min,
  maxMemory: max,
  maxParallelism: par,
  gpuUtilization: gpu,
  maxParallelismGpu: parGpu,
  baseMinMemory: base,
})
/** One task's rows in the order 64G, 32G, 512M, 2K, 8M as resources.go lists them. */
const rows = (r64: Row, r32: Row, r512: Row, r2: Row, r8: Row): Record<SizeName, Resources> => ({
  '64G': r(r64),
  '32G': r(r32),
  '512M': r(r512),
  '2K': r(r2),
  '8M': r(r8),
})

const AP = rows(
  [8 * G, 8 * G, 1, 0, 0, G],
  [4 * G, 4 * G, 1, 0, 0, G],
  [G, G, 1, 0, 0, G],
  [2 * K, 2 * K, 1, 0, 0, 2 * K],
  [8 * M, 8 * M, 1, 0, 0, 8 * M],
)
const PC1 = rows(
  [112 * G, 128 * G, 1, 0, 0, 10 * M],
  [56 * G, 64 * G, 1, 0, 0, 10 * M],
  [768 * M, G, 1, 0, 0, M],
  [2 * K, 2 * K, 1, 0, 0, 2 * K],
  [8 * M, 8 * M, 1, 0, 0, 8 * M],
)
const PC2 = rows(
  [30 * G, 30 * G, -1, 1, 6, G],
  [15 * G, 15 * G, -1, 1, 6, G],
  [G, 1.5 * G, -1, 0, 0, G],
  [2 * K, 2 * K, -1, 0, 0, 2 * K],
  [8 * M, 8 * M, -1, 0, 0, 8 * M],
)
const C1 = rows(
  [G, G, 0, 0, 0, G],
  [G, G, 0, 0, 0, G],
  [G, G, 0, 0, 0, G],
  [2 * K, 2 * K, 0, 0, 0, 2 * K],
  [8 * M, 8 * M, 0, 0, 0, 8 * M],
)
const C2 = rows(
  [60 * G, 190 * G, -1, 1, 6, 64 * G],
  [30 * G, 150 * G, -1, 1, 6, 32 * G],
  [G, 1.5 * G, 1, 1, 0, 10 * G],
  [2 * K, 2 * K, 1, 1, 0, 2 * K],
  [8 * M, 8 * M, 1, 1, 0, 8 * M],
)
const GET = rows([M, M, 0, 0, 0, 0], [M, M, 0, 0, 0, 0], [M, M, 0, 0, 0, 0], [M, M, 0, 0, 0, 0], [M, M, 0, 0, 0, 0])
const WDP = rows(
  [60 * G, 120 * G, -1, 1, 6, 64 * G],
  [30 * G, 96 * G, -1, 1, 6, 32 * G],
  [G, 1.5 * G, 1, 1, 0, 10 * G],
  [2 * K, 2 * K, 1, 1, 0, 2 * K],
  [8 * M, 8 * M, 1, 1, 0, 8 * M],
)
const WNP = rows(
  [G, G, -1, 1, 6, 64 * G],
  [G, G, -1, 1, 6, 32 * G],
  [2 * K, 2 * K, 1, 1, 0, 10 * G],
  [2 * K, 2 * K, 1, 1, 0, 2 * K],
  [8 * M, 8 * M, 1, 1, 0, 8 * M],
)
const ZERO = rows([0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0])

export type ResourceTable = Readonly<Record<TaskType, Readonly<Record<SizeName, Resources>>>>

/**
 * Lotus's default table. RU copies AP, PR1 copies C1, PR2 copies C2; UNS copies PC1, GSK copies RU, DC copies
 * AP (resources.go init). Tasks Lotus has no row for (FIN, FUS, FRU, DL) need nothing.
 */
export const RESOURCE_TABLE: ResourceTable = {
  WNP,
  WDP,
  FUS: ZERO,
  FIN: ZERO,
  DL: ZERO,
  GET,
  FRU: ZERO,
  UNS: PC1,
  C1,
  C2,
  PC2,
  PC1,
  PR1: C1,
  PR2: C2,
  RU: AP,
  AP,
  DC: AP,
  GSK: AP,
}

/** Lotus's Resources.Threads: CPU threads a task takes on a worker with `cpus` CPUs and `gpus` GPUs. */
export function threads(res: Resources, cpus: number, gpus: number): number {
  let mp = res.maxParallelism
  if (res.gpuUtilization > 0 && gpus > 0 && res.maxParallelismGpu !== 0) mp = res.maxParallelismGpu
  if (mp === -1) {
    const n = Math.floor((cpus * 92) / 100)
    return n === 0 ? cpus : n
  }
  return mp
}

/** Env field names (the Go struct's `envname` tags) and how each parses. */
const FIELDS: Record<string, { key: keyof Resources; kind: 'uint' | 'int' | 'float' }> = {
  MIN_MEMORY: { key: 'minMemory', kind: 'uint' },
  MAX_MEMORY: { key: 'maxMemory', kind: 'uint' },
  GPU_UTILIZATION: { key: 'gpuUtilization', kind: 'float' },
  MAX_PARALLELISM: { key: 'maxParallelism', kind: 'int' },
  MAX_PARALLELISM_GPU: { key: 'maxParallelismGpu', kind: 'int' },
  BASE_MIN_MEMORY: { key: 'baseMinMemory', kind: 'uint' },
  MAX_CONCURRENT: { key: 'maxConcurrent', kind: 'int' },
}

function parseField(name: string, kind: 'uint' | 'int' | 'float', text: string): number {
  const ok = kind === 'uint' ? /^\d+$/.test(text) : kind === 'int' ? /^-?\d+$/.test(text) : /^-?\d+(\.\d+)?$/.test(text)
  const v = Number(text)
  if (!ok || !Number.isFinite(v)) throw new InvalidError(`resource override ${name}=${text}: not a valid ${kind}`)
  return v
}

/**
 * Lotus's ParseResourceEnv: the table with `<SHORT>_<SIZE>_<FIELD>` overrides from `env` applied. Without
 * an override, PC1 and UNS take MAX_PARALLELISM from the multicore-SDR settings (producers + 1).
 */
export function parseResourceEnv(env: Readonly<Record<string, string | undefined>>): ResourceTable {
  const sdrThreads = (): number => {
    if (env.FIL_PROOFS_USE_MULTICORE_SDR !== '1') return 1
    const p = env.FIL_PROOFS_MULTICORE_SDR_PRODUCERS
    return (p === undefined ? 3 : parseField('FIL_PROOFS_MULTICORE_SDR_PRODUCERS', 'int', p)) + 1
  }
  const out = {} as Record<TaskType, Record<SizeName, Resources>>
  for (const task of ALL_TASK_TYPES) {
    out[task] = {} as Record<SizeName, Resources>
    for (const size of SIZE_NAMES) {
      const res: Record<keyof Resources, number> = { ...RESOURCE_TABLE[task][size] }
      for (const [field, { key, kind }] of Object.entries(FIELDS)) {
        const name = `${task}_${size}_${field}`
        const text = env[name]
        if (text !== undefined) res[key] = parseField(name, kind, text)
        else if ((task === 'PC1' || task === 'UNS') && field === 'MAX_PARALLELISM') res[key] = sdrThreads()
      }
      out[task][size] = res
    }
  }
  return out
}
