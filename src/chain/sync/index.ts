/** The block intake: whole-block validation, the bad-block cache, tipset expansion and the syncer. */
export * from './bad-blocks.ts'
export * from './block-messages.ts'
export * from './block-validator.ts'
export * from './funds-check.ts'
export * from './syncer.ts'
export * from './tipset-groups.ts'
