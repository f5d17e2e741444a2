/** Between the worker's types and the Worker API's wire structs (task names, nested sector ids). */
import type { ApiCallSpec, ApiSectorRef, ApiWorkerCall, ApiWorkerInfo } from '../api/worker/types.ts'
import { InvalidError } from '../util/errors.ts'
import { parseResourceEnv, type ResourceTable } from './resources.ts'
import { parseTaskType, TASK_TYPES } from './task-types.ts'
import type { CallSpec, SectorRef, WorkerCall, WorkerInfo } from './worker.ts'

export const sectorToApi = (s: SectorRef): ApiSectorRef => ({
  id: { miner: s.miner, number: s.number },
  proofType: s.proof,
})
export const sectorFromApi = (s: ApiSectorRef): SectorRef => ({
  miner: s.id.miner,
  number: s.id.number,
  proof: s.proofType,
})

export const callToApi = (c: CallSpec): ApiCallSpec => ({
  callId: c.callId,
  task: TASK_TYPES[c.task].name,
  sector: sectorToApi(c.sector),
  args: c.args,
})
export const callFromApi = (c: ApiCallSpec): CallSpec => ({
  callId: c.callId,
  task: parseTaskType(c.task),
  sector: sectorFromApi(c.sector),
  args: c.args,
})

export const workerCallToApi = (c: WorkerCall): ApiWorkerCall => ({
  callId: c.callId,
  task: TASK_TYPES[c.task].name,
  sector: sectorToApi(c.sector),
  state: c.state,
  started: new Date(c.started),
  progress: c.progress,
})
export function workerCallFromApi(c: ApiWorkerCall): WorkerCall {
  if (c.state !== 'running' && c.state !== 'done' && c.state !== 'failed') {
    throw new InvalidError(`worker call ${c.callId}: unknown state '${c.state}'`)
  }
  return {
    ...c,
    task: parseTaskType(c.task),
    sector: sectorFromApi(c.sector),
    started: c.started.getTime(),
    state: c.state,
  }
}

export const infoToApi = (i: WorkerInfo): ApiWorkerInfo => ({
  hostname: i.hostname,
  ignoreResources: i.ignoreResources,
  resources: { ...i.resources, gpus: [...i.resources.gpus], table: i.resources.table },
})

/** A remote worker's info; its resource table is checked against the shape of the default one. */
export function infoFromApi(i: ApiWorkerInfo): WorkerInfo {
  const defaults = parseResourceEnv({})
  const raw = i.resources.table as Record<string, Record<string, Record<string, unknown>> | undefined> | null
  const ok =
    typeof raw === 'object' &&
    raw !== null &&
    Object.keys(defaults).every((t) => {
      const row = raw[t]
      return (
        typeof row === 'object' &&
        row !== null &&
        Object.keys(defaults.AP).every((s) => Object.keys(defaults.AP['2K']).every((f) => Number.isFinite(row[s]?.[f])))
      )
    })
  if (!ok) throw new InvalidError(`worker ${i.hostname}: resource table missing or malformed`)
  return { ...i, resources: { ...i.resources, table: raw as unknown as ResourceTable } }
}
