/**
 * Spawning the real `bin/lotus-miner` for integration tests: a temp repo (`LOTUS_MINER_PATH`), the miner
 * on 127.0.0.1 port 0 (its address read from the repo's `api` file), CLI runs, and cleanup. Every spawned
 * child is tracked; `killAllMiners()` (call it in `after`) kills whatever is still running.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RunResult } from './lotus-process.ts'

export const MINER_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-miner')

const children = new Set<ChildProcess>()

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

/** Runs `lotus-miner <args>` to completion. */
export function runMiner(args: string[], env: NodeJS.ProcessEnv, bin = MINER_BIN): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(p)
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    p.on('error', reject)
    p.on('close', (code) => {
      children.delete(p)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

export interface MinerHandle {
  readonly proc: ChildProcess
  readonly repo: string
  readonly env: NodeJS.ProcessEnv
  readonly apiAddr: string
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** The admin token from the `token` file. */
  readonly token: string
  readonly exited: Promise<number | null>
  stderr(): string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts `lotus-miner run` on `repo` and waits until its `api` file appears (or it exits). */
export async function startMiner(
  repo: string,
  extraEnv: NodeJS.ProcessEnv = {},
  args: string[] = [],
  timeoutMs = 20000,
): Promise<MinerHandle> {
  const env = minerEnv(repo, extraEnv)
  rmSync(join(repo, 'api'), { force: true })
  const proc = spawn(process.execPath, [MINER_BIN, 'run', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(proc)
  let err = ''
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  proc.stdout!.resume()
  let done = false
  const exited = new Promise<number | null>((r) =>
    proc.on('exit', (code) => {
      children.delete(proc)
      done = true
      r(code)
    }),
  )
  const apiFile = join(repo, 'api')
  const deadline = Date.now() + timeoutMs
  while (!existsSync(apiFile) || readFileSync(apiFile, 'utf8') === '') {
    if (done) throw new Error(`miner exited before listening:\n${err}`)
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`miner did not write ${apiFile} in time:\n${err}`)
    }
    await sleep(50)
  }
  const apiAddr = readFileSync(apiFile, 'utf8').trim()
  const port = Number(/\/tcp\/(\d+)/.exec(apiAddr)![1])
  return {
    proc,
    repo,
    env,
    apiAddr,
    base: `http://127.0.0.1:${port}`,
    token: readFileSync(join(repo, 'token'), 'utf8').trim(),
    exited,
    stderr: () => err,
  }
}

/** SIGTERM (or the given signal) and wait for exit. */
export async function stopMiner(m: MinerHandle, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (m.proc.exitCode === null && m.proc.signalCode === null) m.proc.kill(signal)
  return m.exited
}

/** Kills every miner child still running. For `after` hooks (with lotus-process's `killAll` for temp dirs). */
export function killAllMiners(): void {
  for (const c of children) c.kill('SIGKILL')
  children.clear()
}

export const WORKER_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-worker')

export interface WorkerHandle {
  readonly proc: ChildProcess
  readonly exited: Promise<number | null>
  stderr(): string
}

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
  const proc = spawn(process.execPath, [WORKER_BIN, 'run', '--listen', '127.0.0.1:0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(proc)
  let err = ''
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  proc.stdout!.resume()
  let done = false
  const exited = new Promise<number | null>((r) =>
    proc.on('exit', (code) => {
      children.delete(proc)
      done = true
      r(code)
    }),
  )
  const deadline = Date.now() + timeoutMs
  while (!err.includes('Worker registered successfully')) {
    if (done) throw new Error(`worker exited before registering:\n${err}`)
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`worker did not register in time:\n${err}`)
    }
    await sleep(50)
  }
  return { proc, exited, stderr: () => err }
}
