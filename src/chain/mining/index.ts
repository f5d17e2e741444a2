/** Block production on the daemon side: MinerGetBaseInfo, block assembly, message selection for a base. */
export * from './base-info.ts'
export * from './create-block.ts'
export * from './lookback-state.ts'
export * from './select-messages.ts'
export * from './winning-sectors.ts'
