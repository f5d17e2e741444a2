/**
 * Spawning the real programs for integration tests: run a command to completion, or start a long-running
 * process and wait until it is ready (its `api` file written, or a line on stderr). Every child is tracked;
 * `killTracked()` kills whatever is still running (the per-program helpers call it from their `after` hooks).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const children = new Set<ChildProcess>()

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `bin <args>` to completion, feeding `stdin` when given. */
export function runProgram(bin: string, args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
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

/** A started long-running process. */
export interface Started {
  readonly proc: ChildProcess
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>
  stderr(): string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Starts `bin <args>` and waits until `ready(stderr)` holds; fails (killing it) when it exits first or the
 * timeout passes, with its stderr in the message.
 */
export async function startProgram(
  what: string,
  bin: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: (stderr: string) => boolean,
  timeoutMs = 20000,
): Promise<Started> {
  const proc = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
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
  while (!ready(err)) {
    if (done) throw new Error(`${what} exited before it was ready:\n${err}`)
    if (Date.now() > deadline) {
      proc.kill('SIGKILL')
      throw new Error(`${what} was not ready in time:\n${err}`)
    }
    await sleep(50)
  }
  return { proc, exited, stderr: () => err }
}

/** An API server started on `repo` (daemon or miner): its address and admin token from the repo's files. */
export interface ApiServer extends Started {
  readonly repo: string
  readonly env: NodeJS.ProcessEnv
  /** The multiaddr from the `api` file. */
  readonly apiAddr: string
  readonly port: number
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  /** The admin token from the `token` file. */
  readonly token: string
}

/** Starts an API server and waits for its `api` file (an old one, left by a killed process, is removed first). */
export async function startApiServer(
  what: string,
  bin: string,
  args: readonly string[],
  repo: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 20000,
): Promise<ApiServer> {
  const apiFile = join(repo, 'api')
  rmSync(apiFile, { force: true })
  const started = await startProgram(
    what,
    bin,
    args,
    env,
    () => existsSync(apiFile) && readFileSync(apiFile, 'utf8') !== '',
    timeoutMs,
  )
  const apiAddr = readFileSync(apiFile, 'utf8').trim()
  const port = Number(/\/tcp\/(\d+)/.exec(apiAddr)![1])
  return {
    ...started,
    repo,
    env,
    apiAddr,
    port,
    base: `http://127.0.0.1:${port}`,
    token: readFileSync(join(repo, 'token'), 'utf8').trim(),
  }
}

/** Sends `signal` (SIGTERM by default) unless the process already ended, and waits for it to exit. */
export async function stopProgram(s: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill(signal)
  return s.exited
}

/** Kills every tracked child still running. */
export function killTracked(): void {
  for (const c of children) c.kill('SIGKILL')
  children.clear()
}
