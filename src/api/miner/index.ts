/** The StorageMiner API table (`lotus-miner`): Common + storage + scheduler + sectors methods, served on /rpc/v0. */
import { packVersion } from '../codecs.ts'
import { CommonMethods } from '../common.ts'
import { tableOf } from '../method.ts'
import { BackupMethods } from './backup.ts'
import { ProvingMethods } from './proving.ts'
import { SchedMethods } from './sched.ts'
import { SectorsMethods } from './sectors.ts'
import { StorageMethods } from './storage.ts'

export const StorageMinerMethods = tableOf({
  ...CommonMethods,
  ...StorageMethods,
  ...SchedMethods,
  ...BackupMethods,
  ...SectorsMethods,
  ...ProvingMethods,
})
export type StorageMinerMethods = typeof StorageMinerMethods

/** Lotus MinerAPIVersion0 (api/version.go); the miner serves one API version on both paths. */
export const MINER_API_VERSION = { v0: packVersion(1, 5, 0), v1: packVersion(1, 5, 0) } as const

export * from './sectors-types.ts'
export * from './storage-types.ts'
