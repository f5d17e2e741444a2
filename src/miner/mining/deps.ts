/**
 * What block production needs from outside: the FullNode API calls a miner makes to mine (Lotus
 * `miner.Miner` uses the same ones), where a sector's sealed and cache files are, and a clock (tests may
 * replace it).
 */
import type { Client } from '../../api/client/client.ts'
import type { FullNodeMethods } from '../../api/full/index.ts'

/** The FullNode calls the block producer makes. */
export type MiningApi = Pick<
  Client<FullNodeMethods>,
  | 'ChainHead'
  | 'BeaconGetEntry'
  | 'MinerGetBaseInfo'
  | 'WalletSign'
  | 'MpoolSelect'
  | 'MinerCreateBlock'
  | 'SyncSubmitBlock'
>

/** A sealed sector's files on this machine. */
export interface SectorFiles {
  readonly sealed: string
  readonly cache: string
}

/** Finds a sector's files; throws NotFoundError when no local path holds them. */
export type SectorFilesProvider = (sectorNumber: bigint) => SectorFiles | Promise<SectorFiles>

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** Resolves after `ms` (at once when ms ≤ 0); rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      if (ms <= 0) return resolve()
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal!.reason)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}
