/** Election WinCount; it lives in crypto/ so the miner computes elections without importing chain/. */
export * from '../../crypto/win-count.ts'
