/** The message pool: admission, replace-by-fee, nonces, selection, head changes, republishing. */
export * from './admission.ts'
export * from './chains.ts'
export * from './errors.ts'
export * from './message-pool.ts'
export * from './msg-set.ts'
export * from './provider.ts'
export * from './selection.ts'
