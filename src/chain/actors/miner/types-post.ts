/** Storage miner parameters for WindowPoSt and fault declarations: one codec each, in `params/miner-post-params.ts`. */
export * from '../../../params/miner-post-params.ts'
