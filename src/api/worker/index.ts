/**
 * The Worker API table (`lotus-worker run` serves it on /rpc/v0; every method admin, as in Lotus). The
 * miner starts a call with StartCall and collects its result with WaitCall, which it calls again to
 * re-attach after a restart; Session changes each time the worker process starts.
 */
import { listOf, Str } from '../../core/codec.ts'
import { ApiVersionCodec, UuidCodec, Void } from '../codecs.ts'
import { method, param, tableOf } from '../method.ts'
import { AnyJson, mapOf, record } from './record-codec.ts'
import { CallSpecCodec, StoragePathCodec, WorkerCallCodec, WorkerInfoCodec } from './types.ts'

const Empty = record<Record<string, never>>('struct{}', {})

export const WorkerMethods = tableOf({
  Version: method({ perm: 'admin', params: [], result: ApiVersionCodec, doc: 'The worker build and API version.' }),
  Session: method({
    perm: 'admin',
    params: [],
    result: UuidCodec,
    doc: 'The worker id; changes when the worker restarts.',
  }),
  Shutdown: method({ perm: 'admin', params: [], result: Void, doc: 'Stops the worker.' }),
  Info: method({
    perm: 'admin',
    params: [],
    result: WorkerInfoCodec,
    doc: 'Hostname, CPUs, GPUs, memory and resource table.',
  }),
  TaskTypes: method({ perm: 'admin', params: [], result: mapOf(Empty), doc: 'The enabled task types (a set).' }),
  TaskEnable: method({ perm: 'admin', params: [param('task', Str)], result: Void, doc: 'Enables a task type.' }),
  TaskDisable: method({ perm: 'admin', params: [param('task', Str)], result: Void, doc: 'Disables a task type.' }),
  Paths: method({
    perm: 'admin',
    params: [],
    result: listOf(StoragePathCodec),
    doc: "The worker's local storage paths.",
  }),
  StartCall: method({
    perm: 'admin',
    params: [param('call', CallSpecCodec)],
    result: Void,
    doc: 'Starts a call (no-op if known).',
  }),
  WaitCall: method({
    perm: 'admin',
    params: [param('callId', UuidCodec)],
    result: AnyJson,
    doc: "Waits for a call's result.",
  }),
  Calls: method({
    perm: 'admin',
    params: [],
    result: listOf(WorkerCallCodec),
    doc: 'Calls running or not yet forgotten.',
  }),
  ForgetCall: method({
    perm: 'admin',
    params: [param('callId', UuidCodec)],
    result: Void,
    doc: "Drops a finished call's result.",
  }),
  AbortCall: method({
    perm: 'admin',
    params: [param('callId', UuidCodec)],
    result: Void,
    doc: 'Cancels a running call.',
  }),
})
export type WorkerMethods = typeof WorkerMethods

export * from './record-codec.ts'
export * from './types.ts'
