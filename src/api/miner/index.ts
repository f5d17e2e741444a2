/** The StorageMiner API table (`lotus-miner`): Common, storage, scheduler, sectors, proving and backup methods, served on /rpc/v0. */
import { packVersion } from '../codecs.ts'
import { tableOfGroups } from '../method.ts'
import { STORAGE_MINER_GROUPS } from './groups.ts'

export const StorageMinerMethods = tableOfGroups(STORAGE_MINER_GROUPS)
export type StorageMinerMethods = typeof StorageMinerMethods

/** Lotus MinerAPIVersion0 (api/version.go); the miner serves one API version on both paths. */
export const MINER_API_VERSION = { v0: packVersion(1, 5, 0), v1: packVersion(1, 5, 0) } as const

export * from './sectors-types.ts'
export * from './storage-types.ts'
