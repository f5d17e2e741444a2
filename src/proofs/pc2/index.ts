/**
 * PreCommit2 and the trees of a sealed sector: TreeD (SHA-256 binary, CommD), TreeC (column hashes, arity
 * 8 Poseidon, CommC), TreeR (arity 8 Poseidon over the replica, CommRLast), CommR = Poseidon-2(CommC,
 * CommRLast), their cache files under Lotus's names, and inclusion paths in each tree.
 */
export * from './cache-files.ts'
export * from './clear-cache.ts'
export * from './columns.ts'
export * from './merkle-path.ts'
export * from './poseidon-tree.ts'
export * from './precommit2.ts'
export * from './sha-tree.ts'
export * from './tree-file.ts'
export * from './tree-r.ts'
export * from './tree-shape.ts'
export * from './unseal.ts'
