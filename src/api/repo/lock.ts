/**
 * The repo lock: `repo.lock` created with O_EXCL, holding the owner's pid and host. A second process on
 * the same repo is refused while the owner lives; a lock left by a process that died (kill -9, power
 * loss on a shared disk excepted) is detected by pid liveness and taken over, so a crash never blocks a
 * restart. (Lotus uses an flock on the same file name; Node has no flock, and a lock that dies with its
 * process is what both give.) Pid reuse after a crash can make a stale lock look alive: the message says
 * which pid holds it, so an operator can check and remove the file.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { ErrorCode, LotusError } from '../../util/errors.ts'

export const LOCK_FILE = 'repo.lock'

export class RepoLockedError extends LotusError {
  constructor(message: string) {
    super(ErrorCode.Conflict, message)
    this.name = 'RepoLockedError'
  }
}

interface LockOwner {
  pid: number
  host: string
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : undefined
  } catch {
    return undefined
  }
}

/** Takes the lock of the repo at `dir`; the returned function releases it. */
export function lockRepo(dir: string): () => void {
  const path = join(dir, LOCK_FILE)
  const me: LockOwner = { pid: process.pid, host: hostname() }
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(path, 'wx', 0o600)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = readOwner(path)
      if (owner && owner.host === me.host && owner.pid !== me.pid && !isAlive(owner.pid)) {
        unlinkSync(path) // stale: its owner died without releasing it
        continue
      }
      if (!owner && attempt === 0) {
        // A lock being written right now, or a torn one from a crash mid-write: look once more.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
        if (!readOwner(path)) {
          unlinkSync(path)
          continue
        }
        continue
      }
      const who = owner ? `pid ${owner.pid} on ${owner.host}` : 'an unknown process'
      throw new RepoLockedError(
        `repo is already locked (process is already running): ${dir} is held by ${who}; remove ${path} if that process is gone`,
      )
    }
    writeSync(fd, JSON.stringify(me))
    closeSync(fd)
    return () => {
      const owner = readOwner(path)
      if (owner?.pid === me.pid && owner.host === me.host) unlinkSync(path)
    }
  }
  throw new RepoLockedError(`could not lock the repo ${dir}: ${path} keeps reappearing`)
}
