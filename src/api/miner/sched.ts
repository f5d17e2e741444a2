/** The scheduler's StorageMiner methods (Lotus api_storage.go), spread into StorageMinerMethods. */
import { Bool, listOf, Str } from '../../core/codec.ts'
import { Void } from '../codecs.ts'
import { method, param } from '../method.ts'
import { mapOf } from '../worker/record-codec.ts'
import { CallIdCodec, SchedDiagCodec, WorkerJobCodec, WorkerStatsCodec } from '../worker/types.ts'

export const SchedMethods = {
  WorkerConnect: method({
    perm: 'admin',
    params: [param('url', Str)],
    result: Void,
    doc: 'Registers the worker whose API is at `url` (`http://ip:port/rpc/v0`); the miner connects back.',
  }),
  WorkerStats: method({
    perm: 'admin',
    params: [],
    result: mapOf(WorkerStatsCodec),
    doc: 'Per worker (by id): info, enabled tasks and the resources in use.',
  }),
  WorkerJobs: method({
    perm: 'admin',
    params: [],
    result: mapOf(listOf(WorkerJobCodec)),
    doc: 'Per worker (by id): the calls assigned, running or waiting for the worker to return.',
  }),
  SealingSchedDiag: method({
    perm: 'admin',
    params: [param('doSched', Bool)],
    result: SchedDiagCodec,
    doc: 'Queued requests, open windows and tracked calls; `doSched` runs a scheduling pass first.',
  }),
  SealingAbort: method({ perm: 'admin', params: [param('call', CallIdCodec)], result: Void, doc: 'Aborts a call.' }),
} as const
