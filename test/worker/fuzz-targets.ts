/** Fuzz targets for the Worker API and scheduler structs (joined to test/fuzz/targets.ts). */
import {
  CallSpecCodec,
  SchedDiagCodec,
  WorkerCallCodec,
  WorkerInfoCodec,
  WorkerJobCodec,
} from '../../src/api/worker/index.ts'
import type { Codec } from '../../src/core/codec.ts'
import { decode, encode } from '../../src/core/codec.ts'
import { utf8 } from '../../src/util/bytes.ts'
import { parseJson, stringifyJson } from '../../src/util/json.ts'
import type { FuzzTarget } from '../fuzz/targets.ts'

const text = new TextDecoder()

function json<T>(codec: Codec<T>, values: T[]): FuzzTarget {
  return {
    name: `${codec.name} JSON`,
    decode: (b) => codec.fromJson(parseJson(text.decode(b))),
    seeds: values.map((v) => utf8(stringifyJson(codec.toJson(v)))),
    json: true,
  }
}

/** CBOR form; no round trip claimed (JSON-valued fields keep their text as given). */
function cbor<T>(codec: Codec<T>, values: T[]): FuzzTarget {
  return { name: `${codec.name} CBOR`, decode: (b) => decode(codec, b), seeds: values.map((v) => encode(codec, v)) }
}

const id = '1f0c9a2b-0000-4000-8000-000000000000'
const sector = { id: { miner: 1000, number: 7 }, proofType: 5 }
const call = { callId: id, task: 'seal/v0/precommit/1', sector, args: { ticket: 'ab' } }
const info = {
  hostname: 'w',
  ignoreResources: false,
  resources: { memPhysical: 1024, memUsed: 1, memSwap: 0, memSwapUsed: 0, cpus: 4, gpus: ['g'], table: {} },
}

export const workerFuzzTargets: FuzzTarget[] = [
  json(CallSpecCodec, [call]),
  cbor(CallSpecCodec, [call]),
  json(WorkerCallCodec, [
    { callId: id, task: 'seal/v0/addpiece', sector, state: 'running', started: new Date(0), progress: 0.5 },
  ]),
  json(WorkerInfoCodec, [info]),
  cbor(WorkerInfoCodec, [info]),
  json(WorkerJobCodec, [
    {
      id: { sector: sector.id, id },
      sector: sector.id,
      task: 'seal/v0/addpiece',
      runWait: 2,
      start: new Date(0),
      hostname: 'w',
    },
  ]),
  json(SchedDiagCodec, [
    {
      requests: [{ sector: sector.id, taskType: 'seal/v0/addpiece', priority: 0, schedId: id }],
      openWindows: ['a'],
      calls: [{ callId: id, task: 'seal/v0/addpiece', sector: sector.id, state: 'queued', worker: null, attempts: 0 }],
    },
  ]),
]
