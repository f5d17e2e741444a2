/** The chain store: headers, messages, heads, height and message indices, reorgs. */
export * from './chain-store.ts'
export { ChainIndexDb, type HeadWrite } from './index-db.ts'
export type { MsgLocation } from './keys.ts'
export * from './messages.ts'
export * from './msg-meta.ts'
export * from './lookback.ts'
export * from './reorg.ts'
