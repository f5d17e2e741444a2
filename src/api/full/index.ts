/** The FullNode API table (`lotus daemon`): Common, Wallet, Chain, State, Mpool, Gas, Mining and Sync, on /rpc/v0 and /rpc/v1. */
import { packVersion } from '../codecs.ts'
import { FULL_NODE_GROUPS } from './groups.ts'

/** The union of the groups' tables as one type (each group is a table keyed by method name). */
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never
type GroupsTable<G extends readonly { methods: object }[]> = UnionToIntersection<G[number]['methods']>

export const FullNodeMethods = Object.assign({}, ...FULL_NODE_GROUPS.map((g) => g.methods)) as GroupsTable<
  typeof FULL_NODE_GROUPS
>
export type FullNodeMethods = typeof FullNodeMethods

/** Lotus FullAPIVersion0 and FullAPIVersion1 (api/version.go). */
export const FULL_API_VERSION = { v0: packVersion(1, 5, 0), v1: packVersion(2, 3, 0) } as const
