/** The FullNode API table (`lotus daemon`): Common, Wallet, Chain, State, Mpool, Gas, Mining and Sync, on /rpc/v0 and /rpc/v1. */
import { packVersion } from '../codecs.ts'
import { tableOfGroups } from '../method.ts'
import { FULL_NODE_GROUPS } from './groups.ts'

export const FullNodeMethods = tableOfGroups(FULL_NODE_GROUPS)
export type FullNodeMethods = typeof FullNodeMethods

/** Lotus FullAPIVersion0 and FullAPIVersion1 (api/version.go). */
export const FULL_API_VERSION = { v0: packVersion(1, 5, 0), v1: packVersion(2, 3, 0) } as const
