/**
 * The structs the Worker API and the scheduler's StorageMiner methods carry, with Lotus's JSON field
 * names. Task types travel as Lotus task names (`seal/v0/precommit/1`).
 */
import { Bool, Str, Uint, listOf, nullable } from '../../core/codec.ts'
import { TimeCodec, UuidCodec } from '../codecs.ts'
import { AnyJson, mapOf, Num, record } from './record-codec.ts'

/** abi.SectorID. */
export interface ApiSectorId {
  readonly miner: number
  readonly number: number
}
export const SectorIdCodec = record<ApiSectorId>('SectorID', { miner: ['Miner', Uint], number: ['Number', Uint] })

/** storiface.SectorRef. */
export interface ApiSectorRef {
  readonly id: ApiSectorId
  readonly proofType: number
}
export const SectorRefCodec = record<ApiSectorRef>('SectorRef', {
  id: ['ID', SectorIdCodec],
  proofType: ['ProofType', Uint],
})

/** storiface.CallID: the sector and the call's UUID. */
export interface ApiCallId {
  readonly sector: ApiSectorId
  readonly id: string
}
export const CallIdCodec = record<ApiCallId>('CallID', { sector: ['Sector', SectorIdCodec], id: ['ID', UuidCodec] })

/** A call the miner starts on a worker (arguments are the task's JSON). */
export interface ApiCallSpec {
  readonly callId: string
  readonly task: string
  readonly sector: ApiSectorRef
  readonly args: unknown
}
export const CallSpecCodec = record<ApiCallSpec>('CallSpec', {
  callId: ['CallID', UuidCodec],
  task: ['Task', Str],
  sector: ['Sector', SectorRefCodec],
  args: ['Args', AnyJson],
})

/** A call a worker knows of. */
export interface ApiWorkerCall {
  readonly callId: string
  readonly task: string
  readonly sector: ApiSectorRef
  readonly state: string
  readonly started: Date
  /** Fraction done, 0..1. */
  readonly progress: number
}
export const WorkerCallCodec = record<ApiWorkerCall>('WorkerCall', {
  callId: ['CallID', UuidCodec],
  task: ['Task', Str],
  sector: ['Sector', SectorRefCodec],
  state: ['State', Str],
  started: ['Start', TimeCodec],
  progress: ['Progress', Num],
})

/** storiface.WorkerResources; `table` is the worker's resource table (task → size → resources). */
export interface ApiWorkerResources {
  readonly memPhysical: number
  readonly memUsed: number
  readonly memSwap: number
  readonly memSwapUsed: number
  readonly cpus: number
  readonly gpus: string[]
  readonly table: unknown
}
export const WorkerResourcesCodec = record<ApiWorkerResources>('WorkerResources', {
  memPhysical: ['MemPhysical', Uint],
  memUsed: ['MemUsed', Uint],
  memSwap: ['MemSwap', Uint],
  memSwapUsed: ['MemSwapUsed', Uint],
  cpus: ['CPUs', Uint],
  gpus: ['GPUs', listOf(Str)],
  table: ['Resources', AnyJson],
})

/** storiface.WorkerInfo. */
export interface ApiWorkerInfo {
  readonly hostname: string
  readonly ignoreResources: boolean
  readonly resources: ApiWorkerResources
}
export const WorkerInfoCodec = record<ApiWorkerInfo>('WorkerInfo', {
  hostname: ['Hostname', Str],
  ignoreResources: ['IgnoreResources', Bool],
  resources: ['Resources', WorkerResourcesCodec],
})

/** storiface.StoragePath (a worker's local paths). */
export interface ApiStoragePath {
  readonly id: string
  readonly weight: number
  readonly localPath: string
  readonly canSeal: boolean
  readonly canStore: boolean
}
export const StoragePathCodec = record<ApiStoragePath>('StoragePath', {
  id: ['ID', Str],
  weight: ['Weight', Uint],
  localPath: ['LocalPath', Str],
  canSeal: ['CanSeal', Bool],
  canStore: ['CanStore', Bool],
})

/** storiface.WorkerStats. */
export interface ApiWorkerStats {
  readonly info: ApiWorkerInfo
  readonly tasks: string[]
  readonly enabled: boolean
  readonly memUsedMin: number
  readonly memUsedMax: number
  readonly gpuUsed: number
  readonly cpuUse: number
  readonly taskCounts: Record<string, number>
}
export const WorkerStatsCodec = record<ApiWorkerStats>('WorkerStats', {
  info: ['Info', WorkerInfoCodec],
  tasks: ['Tasks', listOf(Str)],
  enabled: ['Enabled', Bool],
  memUsedMin: ['MemUsedMin', Uint],
  memUsedMax: ['MemUsedMax', Uint],
  gpuUsed: ['GpuUsed', Num],
  cpuUse: ['CpuUse', Uint],
  taskCounts: ['TaskCounts', mapOf(Num)],
})

/** storiface.WorkerJob. RunWait: 0 running, ≥2 assigned (window + 2), -1 waiting for its worker to return. */
export interface ApiWorkerJob {
  readonly id: ApiCallId
  readonly sector: ApiSectorId
  readonly task: string
  readonly runWait: number
  readonly start: Date
  readonly hostname: string
}
export const WorkerJobCodec = record<ApiWorkerJob>('WorkerJob', {
  id: ['ID', CallIdCodec],
  sector: ['Sector', SectorIdCodec],
  task: ['Task', Str],
  runWait: ['RunWait', Num],
  start: ['Start', TimeCodec],
  hostname: ['Hostname', Str],
})

/** A queued request in the scheduler diagnostics. */
export interface ApiSchedRequest {
  readonly sector: ApiSectorId
  readonly taskType: string
  readonly priority: number
  readonly schedId: string
}
export const SchedRequestCodec = record<ApiSchedRequest>('SchedDiagRequestInfo', {
  sector: ['Sector', SectorIdCodec],
  taskType: ['TaskType', Str],
  priority: ['Priority', Num],
  schedId: ['SchedId', UuidCodec],
})

/** A persisted call in the diagnostics. */
export interface ApiTrackedCall {
  readonly callId: string
  readonly task: string
  readonly sector: ApiSectorId
  readonly state: string
  readonly worker: string | null
  readonly attempts: number
}
export const TrackedCallCodec = record<ApiTrackedCall>('TrackedCall', {
  callId: ['CallID', UuidCodec],
  task: ['Task', Str],
  sector: ['Sector', SectorIdCodec],
  state: ['State', Str],
  worker: ['Worker', nullable(Str)],
  attempts: ['Attempts', Uint],
})

/** SealingSchedDiag's answer. */
export interface ApiSchedDiag {
  readonly requests: ApiSchedRequest[]
  readonly openWindows: string[]
  readonly calls: ApiTrackedCall[]
}
export const SchedDiagCodec = record<ApiSchedDiag>('SchedDiagInfo', {
  requests: ['Requests', listOf(SchedRequestCodec)],
  openWindows: ['OpenWindows', listOf(Str)],
  calls: ['Calls', listOf(TrackedCallCodec)],
})
