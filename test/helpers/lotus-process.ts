/**
 * Spawning the real `bin/lotus` for integration tests: a temp repo, a daemon on 127.0.0.1 port 0 (its
 * address read from the repo's `api` file), CLI runs, and cleanup. Every spawned child is tracked, and
 * `killAll()` (call it in `after`) kills whatever is still running.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const LOTUS_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus')

const children = new Set<ChildProcess>()

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

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `lotus <args>` to completion. */
export function runLotus(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, [LOTUS_BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
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
    p.stdin.end(stdin ?? '')
  })
}

export interface DaemonHandle {
  readonly proc: ChildProcess
  readonly repo: string
  readonly env: NodeJS.ProcessEnv
  /** The multiaddr from the `api` file. */
  readonly apiAddr: string
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  readonly port: number
  /** The admin token from the `token` file. */
  readonly token: string
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>
  stderr(): string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts `lotus daemon` on `repo` and waits until its `api` file appears (or it exits). */
export async function startDaemon(
  repo: string,
  extraEnv: NodeJS.ProcessEnv = {},
  timeoutMs = 20000,
  /** Extra `lotus daemon` flags (e.g. `--genesis=<car>`). */
  args: readonly string[] = [],
): Promise<DaemonHandle> {
  const env = lotusEnv(repo, extraEnv)
  // An `api` file left by a killed daemon would look like this one's; the daemon rewrites it when listening.
  rmSync(join(repo, 'api'), { force: true })
  const proc = spawn(process.execPath, [LOTUS_BIN, 'daemon', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(proc)
  let err = ''
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  proc.stdout!.resume()
  const exited = new Promise<number | null>((r) =>
    proc.on('exit', (code) => {
      children.delete(proc)
      r(code)
    }),
  )
  let done = false
  void exited.then(() => (done = true))
  const apiFile = join(repo, 'api')
  const deadline = Date.now() + timeoutMs
  while (!existsSync(apiFile) || readFileSync(apiFile, 'utf8') === '') {
    if (done) throw new Error(`daemon exited before listening:\n${err}`)
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`daemon did not write ${apiFile} in time:\n${err}`)
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
    port,
    base: `http://127.0.0.1:${port}`,
    token: readFileSync(join(repo, 'token'), 'utf8').trim(),
    exited,
    stderr: () => err,
  }
}

/** SIGTERM (or the given signal) and wait for exit. */
export async function stopDaemon(d: DaemonHandle, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (d.proc.exitCode === null && d.proc.signalCode === null) d.proc.kill(signal)
  return d.exited
}

/** Kills every child still running and removes temp dirs. For `after` hooks. */
export async function killAll(): Promise<void> {
  for (const c of children) c.kill('SIGKILL')
  children.clear()
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
