/**
 * Spawning the real `bin/lotus` for integration tests: a temp repo, a daemon on 127.0.0.1 port 0 (its
 * address read from the repo's `api` file), CLI runs, and cleanup. `killAll()` (call it in `after`) kills
 * whatever is still running and removes the temp dirs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ApiServer, killTracked, type RunResult, runProgram, startApiServer, stopProgram } from './process.ts'

export type { RunResult }

export const LOTUS_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus')

/** A fresh temp dir; removed by `cleanupDirs()`. */
const dirs: string[] = []
export function tempDir(prefix = 'lotus-ts-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}

/** Env for a daemon or CLI on `repo`: port 0, quiet logs, no inherited API info. */
export function lotusEnv(repo: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.FULLNODE_API_INFO
  return {
    ...env,
    LOTUS_PATH: repo,
    LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http',
    LOTUS_TS_LOG_LEVEL: 'warn',
    ...extra,
  }
}

/** Runs `lotus <args>` to completion. */
export function runLotus(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
  return runProgram(LOTUS_BIN, args, env, stdin)
}

export type DaemonHandle = ApiServer

/** Starts `lotus daemon` on `repo` and waits until its `api` file appears (or it exits). */
export function startDaemon(
  repo: string,
  extraEnv: NodeJS.ProcessEnv = {},
  timeoutMs = 20000,
  /** Extra `lotus daemon` flags (e.g. `--genesis=<car>`). */
  args: readonly string[] = [],
): Promise<DaemonHandle> {
  return startApiServer('daemon', LOTUS_BIN, ['daemon', ...args], repo, lotusEnv(repo, extraEnv), timeoutMs)
}

/** SIGTERM (or the given signal) and wait for exit. */
export const stopDaemon = (d: DaemonHandle, signal?: NodeJS.Signals) => stopProgram(d, signal)

/** Kills every child still running and removes temp dirs. For `after` hooks. */
export async function killAll(): Promise<void> {
  killTracked()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}

export interface RpcReply {
  status: number
  body: unknown
  text: string
}

/** A raw JSON-RPC POST (body given as text so tests can send anything). */
export async function rawPost(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<RpcReply> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, body: parsed, text }
}

/** One JSON-RPC call over HTTP with an optional token. */
export function rpc(base: string, method: string, params: unknown[] = [], token?: string, path = '/rpc/v1') {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  return rawPost(`${base}${path}`, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), headers)
}
