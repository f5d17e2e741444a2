/**
 * The StorageMiner API's storage methods (lotus api/api_storage.go), with their //perm: tags. The index
 * methods (`StorageAttach`, `StorageDeclareSector`, …) are what workers call to report their paths and files.
 */
import { AddressCodec } from '../../core/address.ts'
import { Bool, listOf, nullable, Str, Uint } from '../../core/codec.ts'
import { Void } from '../codecs.ts'
import { method, param } from '../method.ts'
import {
  DeclCodec,
  FsStatCodec,
  HealthReportCodec,
  SectorIdCodec,
  SectorStorageInfoCodec,
  StorageInfoCodec,
} from './storage-types.ts'
import { mapOf } from './struct.ts'

export const StorageMethods = {
  ActorAddress: method({
    perm: 'read',
    params: [],
    result: AddressCodec,
    doc: "The miner actor's address; an error until `lotus-miner init` has recorded it.",
  }),
  StorageList: method({
    perm: 'admin',
    params: [],
    result: mapOf('map[ID][]Decl', listOf(DeclCodec)),
    doc: 'Every storage path ID with the sector files declared in it.',
  }),
  StorageLocal: method({
    perm: 'admin',
    params: [],
    result: mapOf('map[ID]string', Str),
    doc: "The miner's local paths: storage ID to directory.",
  }),
  StorageAddLocal: method({
    perm: 'admin',
    params: [param('path', Str)],
    result: Void,
    doc: 'Attaches a local directory holding a sectorstore.json (and records it in storage.json).',
  }),
  StorageDetachLocal: method({
    perm: 'admin',
    params: [param('path', Str)],
    result: Void,
    doc: 'Detaches a local path (its files stay on disk; their index entries go).',
  }),
  StorageRedeclareLocal: method({
    perm: 'admin',
    params: [param('id', nullable(Str)), param('dropMissing', Bool)],
    result: Void,
    doc: 'Rescans a local path (every local path when id is null) and declares the sector files found; with dropMissing, drops entries whose files are gone.',
  }),
  StorageAttach: method({
    perm: 'admin',
    params: [param('si', StorageInfoCodec), param('st', FsStatCodec)],
    result: Void,
    doc: 'Registers a path in the sector index (a worker reporting one of its paths).',
  }),
  StorageDetach: method({
    perm: 'admin',
    params: [param('id', Str), param('url', Str)],
    result: Void,
    doc: 'Removes a URL of a path from the index; the path goes when it has no URL left.',
  }),
  StorageInfo: method({
    perm: 'admin',
    params: [param('id', Str)],
    result: StorageInfoCodec,
    doc: 'A path as the index knows it.',
  }),
  StorageStat: method({
    perm: 'admin',
    params: [param('id', Str)],
    result: FsStatCodec,
    doc: "A path's capacity and use, from its last health report.",
  }),
  StorageReportHealth: method({
    perm: 'admin',
    params: [param('id', Str), param('report', HealthReportCodec)],
    result: Void,
    doc: "Records a path's heartbeat (its stat, or an error when unreachable).",
  }),
  StorageDeclareSector: method({
    perm: 'admin',
    params: [param('storageID', Str), param('s', SectorIdCodec), param('ft', Uint), param('primary', Bool)],
    result: Void,
    doc: 'Records that a path holds these file types of a sector.',
  }),
  StorageDropSector: method({
    perm: 'admin',
    params: [param('storageID', Str), param('s', SectorIdCodec), param('ft', Uint)],
    result: Void,
    doc: 'Records that a path no longer holds these file types of a sector.',
  }),
  StorageFindSector: method({
    perm: 'admin',
    params: [param('sector', SectorIdCodec), param('ft', Uint), param('ssize', Uint), param('allowFetch', Bool)],
    result: listOf(SectorStorageInfoCodec),
    doc: 'The paths holding any of these file types of the sector; with allowFetch (and a sector size), also the paths that could take them.',
  }),
  StorageBestAlloc: method({
    perm: 'admin',
    params: [param('allocate', Uint), param('ssize', Uint), param('pathType', Str), param('miner', Uint)],
    result: listOf(StorageInfoCodec),
    doc: 'Paths where new files of these types can go, best first (pathType `sealing` or `storage`).',
  }),
} as const
