/** Fuzz targets for the storage-path decoders (joined to test/fuzz/targets.ts). */
import {
  DeclCodec,
  FsStatCodec,
  HealthReportCodec,
  SectorStorageInfoCodec,
  StorageInfoCodec,
} from '../../../src/api/miner/index.ts'
import type { Codec } from '../../../src/core/codec.ts'
import { fileTypeFromString, parseSectorName } from '../../../src/worker/paths/filetypes.ts'
import { parseRange } from '../../../src/worker/paths/http-handler.ts'
import { utf8 } from '../../../src/util/bytes.ts'
import { parseJson, stringifyJson } from '../../../src/util/json.ts'
import type { FuzzTarget } from '../../fuzz/targets.ts'

const text = new TextDecoder()

function json<T>(codec: Codec<T>, values: T[]): FuzzTarget {
  return {
    name: `${codec.name} JSON`,
    decode: (b) => codec.fromJson(parseJson(text.decode(b))),
    seeds: values.map((v) => utf8(stringifyJson(codec.toJson(v)))),
    json: true,
  }
}

const stat = { Capacity: 100, Available: 40, FSAvailable: 50, Reserved: 10, Max: 0, Used: 0 }
const lists = { AllowTypes: [], DenyTypes: [], AllowMiners: [], DenyMiners: [] }

export const storagePathsFuzzTargets: FuzzTarget[] = [
  { name: 'sector name (s-t0M-N)', decode: (b) => parseSectorName(text.decode(b)), seeds: [utf8('s-t01000-5')] },
  { name: 'sector file type name', decode: (b) => fileTypeFromString(text.decode(b)), seeds: [utf8('update-cache')] },
  {
    name: 'HTTP Range header',
    decode: (b) => parseRange(text.decode(b), 4096),
    seeds: [utf8('bytes=0-99'), utf8('bytes=-5')],
  },
  json(StorageInfoCodec, [
    {
      ID: '7e2c5c1e-8a1b-4a4e-9a43-2a3f0f6f9e11',
      URLs: ['http://127.0.0.1:2345/remote'],
      Weight: 10,
      MaxStorage: 0,
      CanSeal: true,
      CanStore: false,
      Groups: ['g'],
      AllowTo: [],
      ...lists,
    },
  ]),
  json(SectorStorageInfoCodec, [
    {
      ID: 'x',
      URLs: ['http://h/remote/sealed/s-t01000-1'],
      BaseURLs: ['http://h/remote'],
      Weight: 1,
      CanSeal: true,
      CanStore: true,
      Primary: true,
      ...lists,
    },
  ]),
  json(FsStatCodec, [stat]),
  json(HealthReportCodec, [{ Stat: stat, Err: 'disk gone' }]),
  json(DeclCodec, [{ Miner: 1000, Number: 5, SectorFileType: 6 }]),
]
