/** The state manager: tipset execution and state queries over the chain store and state trees. */
export * from './call.ts'
export * from './gas-estimate.ts'
export * from './state-manager.ts'
export { TreeStateView } from './tree-view.ts'
