/** The sealing scheduler: queue, worker handles and windows, selectors, assigners, persisted calls. */
export * from '../../worker/resources.ts'
export * from '../../worker/task-types.ts'
export * from './active-resources.ts'
export * from './assigners.ts'
export * from './call-store.ts'
export * from './errors.ts'
export * from './scheduler.ts'
export * from './selectors.ts'
