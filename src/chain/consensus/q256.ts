/** Q.256 election arithmetic; it lives in crypto/ so the miner computes elections without importing chain/. */
export * from '../../crypto/q256.ts'
