/** The state tree and its root. */
export { STATE_TREE_HAMT_BIT_WIDTH, StateTree } from './state-tree.ts'
export { STATE_TREE_VERSION, type StateRoot, StateRootCodec } from './state-root.ts'
