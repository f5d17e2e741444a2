/**
 * Spawning the real `bin/lotus-miner` for integration tests: a temp repo (`LOTUS_MINER_PATH`), the miner
 * on 127.0.0.1 port 0 (its address read from the repo's `api` file), CLI runs, and cleanup. Every spawned
 * child is tracked; `killAllMiners()` (call it in `after`) kills whatever is still running.
 */
import { resolve } from 'node:path'
import {
  type ApiServer,
  killTracked,
  type RunResult,
  runProgram,
  type Started,
  startApiServer,
  startProgram,
  stopProgram,
} from './process.ts'

export const MINER_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-miner')

/** Env for a miner or CLI on `repo`: port 0, quiet logs, no inherited API info. */
export function minerEnv(repo: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const k of ['FULLNODE_API_INFO', 'MINER_API_INFO', 'LOTUS_PATH', 'LOTUS_STORAGE_PATH']) delete env[k]
  return {
    ...env,
    LOTUS_MINER_PATH: repo,
    LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http',
    LOTUS_TS_LOG_LEVEL: 'warn',
    ...extra,
  }
}

/** Runs `lotus-miner <args>` to completion (or another program of the miner's, by `bin`). */
export function runMiner(args: string[], env: NodeJS.ProcessEnv, bin = MINER_BIN): Promise<RunResult> {
  return runProgram(bin, args, env)
}

export type MinerHandle = ApiServer

/** Starts `lotus-miner run` on `repo` and waits until its `api` file appears (or it exits). */
export function startMiner(
  repo: string,
  extraEnv: NodeJS.ProcessEnv = {},
  args: string[] = [],
  timeoutMs = 20000,
): Promise<MinerHandle> {
  return startApiServer('miner', MINER_BIN, ['run', ...args], repo, minerEnv(repo, extraEnv), timeoutMs)
}

/** SIGTERM (or the given signal) and wait for exit. */
export const stopMiner = (m: MinerHandle, signal?: NodeJS.Signals) => stopProgram(m, signal)

/** Kills every miner child still running. For `after` hooks (with lotus-process's `killAll` for temp dirs). */
export function killAllMiners(): void {
  killTracked()
}

export const WORKER_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-worker')

export type WorkerHandle = Started

/**
 * Starts `lotus-worker run` on `repo` against the miner named by `minerApiInfo` (`token:multiaddr`), on
 * 127.0.0.1 port 0, and waits until it says it registered (or exits).
 */
export async function startWorker(
  repo: string,
  minerApiInfo: string,
  args: string[] = [],
  timeoutMs = 20000,
): Promise<WorkerHandle> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const k of ['FULLNODE_API_INFO', 'LOTUS_MINER_PATH', 'LOTUS_PATH']) delete env[k]
  Object.assign(env, { LOTUS_WORKER_PATH: repo, MINER_API_INFO: minerApiInfo, LOTUS_TS_LOG_LEVEL: 'warn' })
  return startProgram(
    'worker',
    WORKER_BIN,
    ['run', '--listen', '127.0.0.1:0', ...args],
    env,
    (err) => err.includes('Worker registered successfully'),
    timeoutMs,
  )
}
