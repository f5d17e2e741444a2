/**
 * The devnet's child processes: each program of this package started with its repo in the environment,
 * its output appended to `<repo>/<name>.log`, and stopped with SIGTERM (SIGKILL after a grace period).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readApiFiles } from '../../api/repo/fs-repo.ts'
import { errorMessage, LotusError, ErrorCode } from '../../util/errors.ts'

export type Program = 'lotus' | 'lotus-miner' | 'lotus-worker' | 'lotus-seed'

const binPath = (p: Program) => fileURLToPath(new URL(`../../../bin/${p}`, import.meta.url))

export interface Child {
  readonly name: string
  readonly log: string
  readonly proc: ChildProcess
  readonly exited: Promise<number | null>
}

/** A program failed; the message names it, its exit code and its log. */
export class ChildError extends LotusError {
  constructor(message: string) {
    super(ErrorCode.Internal, message)
    this.name = 'ChildError'
  }
}

/** Runs a program to completion; ChildError with the tail of its output when it fails. */
export async function runProgram(program: Program, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<void> {
  const c = startProgram(program, program, args, env, log)
  const code = await c.exited
  if (code !== 0) throw new ChildError(`${program} ${args.join(' ')} exited with ${code}: see ${log}`)
}

/** Starts a long-running program. */
export function startProgram(
  name: string,
  program: Program,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: string,
): Child {
  const fd = openSync(log, 'a')
  try {
    const proc = spawn(process.execPath, [binPath(program), ...args], { env, stdio: ['ignore', fd, fd] })
    const exited = new Promise<number | null>((resolve) => {
      proc.once('exit', (code) => resolve(code))
      proc.once('error', () => resolve(-1))
    })
    return { name, log, proc, exited }
  } finally {
    closeSync(fd)
  }
}

/** Removes a stale `api` file so that the next one seen is the new process's. */
export function clearApiFile(repo: string): void {
  mkdirSync(repo, { recursive: true })
  rmSync(join(repo, 'api'), { force: true })
}

/** Waits until `repo`'s api file appears (the process listens); ChildError if the child exits first. */
export async function waitForApi(
  child: Child,
  repo: string,
  timeoutMs = 120_000,
): Promise<{ addr: string; token: string }> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void child.exited.then(() => (exited = true))
  while (Date.now() < deadline) {
    if (exited) throw new ChildError(`${child.name} exited before it started listening: see ${child.log}`)
    if (existsSync(join(repo, 'api')) && existsSync(join(repo, 'token'))) {
      try {
        return readApiFiles(repo)
      } catch (err) {
        if (Date.now() + 200 >= deadline) throw new ChildError(`${child.name}: ${errorMessage(err)}`)
      }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new ChildError(`${child.name} did not start listening within ${timeoutMs / 1000} s: see ${child.log}`)
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(c: Child, graceMs = 30_000): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return
  c.proc.kill('SIGTERM')
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), graceMs)
  await c.exited
  clearTimeout(timer)
}
