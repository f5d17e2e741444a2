/** The chain store: headers, messages, heads, height and message indices, reorgs. */
export * from './chain-store.ts'
export type { MsgLocation } from './keys.ts'
export * from './msg-meta.ts'
export * from './lookback.ts'
export * from './reorg.ts'
