/** The StorageMiner API's storage methods, served from the sector index and the local paths. */
import type { Address } from '../../core/address.ts'
import type { StorageMethods } from '../../api/miner/storage.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { parsePathType } from './filetypes.ts'
import type { LocalStore } from './local.ts'
import type { SectorIndex } from './sector-index.ts'

export interface StorageHandlerDeps {
  readonly index: SectorIndex
  readonly local: LocalStore
  /** The miner actor (throws until init has recorded it). */
  readonly actor: () => Address
}

export function storageHandlers(d: StorageHandlerDeps): Handlers<typeof StorageMethods> {
  return {
    ActorAddress: () => d.actor(),
    StorageList: () => d.index.list(),
    StorageLocal: () => d.local.local(),
    StorageAddLocal: (_ctx, path) => {
      d.local.add(path)
      return undefined
    },
    StorageDetachLocal: (_ctx, path) => {
      d.local.detach(path)
      return undefined
    },
    StorageRedeclareLocal: (_ctx, id, dropMissing) => {
      d.local.redeclare(id, dropMissing)
      return undefined
    },
    StorageAttach: (_ctx, si, st) => {
      d.index.attach(si, st)
      return undefined
    },
    StorageDetach: (_ctx, id, url) => {
      d.index.detach(id, url)
      return undefined
    },
    StorageInfo: (_ctx, id) => d.index.info(id),
    StorageStat: (_ctx, id) => {
      if (d.local.root(id) !== undefined) d.local.heartbeat()
      return d.index.stat(id)
    },
    StorageReportHealth: (_ctx, id, report) => {
      d.index.reportHealth(id, report)
      return undefined
    },
    StorageDeclareSector: (_ctx, id, s, ft, primary) => {
      d.index.declare(id, s, ft, primary)
      return undefined
    },
    StorageDropSector: (_ctx, id, s, ft) => {
      d.index.drop(id, s, ft)
      return undefined
    },
    StorageFindSector: (_ctx, s, ft, ssize, allowFetch) => d.index.find(s, ft, ssize, allowFetch),
    StorageBestAlloc: (_ctx, ft, ssize, pathType, miner) =>
      d.index.bestAlloc(ft, ssize, parsePathType(pathType), [], miner),
  }
}
