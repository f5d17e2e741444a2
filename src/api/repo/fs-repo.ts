/**
 * A process's repo directory (`~/.lotus`, later `~/.lotusminer`, `~/.lotusworker`): created on first
 * open, locked while open, with `config.toml`, `keystore/`, and the `api` and `token` files clients read.
 * Closing removes the `api` file (as Lotus does: a stale endpoint never outlives the process) and the lock.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { NotFoundError } from '../../util/errors.ts'
import { type ConfigSection, commentedDefaults, loadConfig } from './config.ts'
import { lockRepo } from './lock.ts'

/** What distinguishes the three repos. */
export interface RepoKind<C extends ConfigSection = ConfigSection> {
  /** e.g. `FullNode`. */
  readonly name: string
  /** The env var naming the repo dir (`LOTUS_PATH`) and its default (`~/.lotus`). */
  readonly pathEnv: string
  readonly defaultPath: string
  /** The env var with `TOKEN:MULTIADDR` (`FULLNODE_API_INFO`). */
  readonly apiInfoEnv: string
  readonly configDefaults: C
}

export const API_FILE = 'api'
export const TOKEN_FILE = 'token'
export const CONFIG_FILE = 'config.toml'
export const KEYSTORE_DIR = 'keystore'

/** Expands `~` and resolves the repo path from a flag, the kind's env var, or its default. */
export function repoPath(kind: RepoKind, flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const p = flag ?? env[kind.pathEnv] ?? kind.defaultPath
  return resolve(p.startsWith('~') ? join(homedir(), p.slice(1)) : p)
}

/** Writes a file with mode `mode` (the mode is enforced even when the file already existed). */
function writePrivate(path: string, data: string, mode: number): void {
  writeFileSync(path, data, { mode })
  chmodSync(path, mode)
}

export class LockedRepo<C extends ConfigSection = ConfigSection> {
  private released = false
  private constructor(
    readonly path: string,
    readonly kind: RepoKind<C>,
    readonly config: C,
    private readonly unlock: () => void,
  ) {}

  /** Creates the repo if needed, takes its lock, and loads its config (with env overrides). */
  static open<C extends ConfigSection>(path: string, kind: RepoKind<C>, env: NodeJS.ProcessEnv = process.env) {
    mkdirSync(path, { recursive: true, mode: 0o700 })
    const unlock = lockRepo(path)
    try {
      mkdirSync(join(path, KEYSTORE_DIR), { recursive: true, mode: 0o700 })
      const cfgPath = join(path, CONFIG_FILE)
      if (!existsSync(cfgPath)) writePrivate(cfgPath, `${commentedDefaults(kind.configDefaults)}\n`, 0o644)
      const config = loadConfig(cfgPath, kind.configDefaults, env)
      return new LockedRepo(path, kind, config, unlock)
    } catch (err) {
      unlock()
      throw err
    }
  }

  get keystorePath(): string {
    return join(this.path, KEYSTORE_DIR)
  }

  /** Records where the API listens (a multiaddr). */
  setApiEndpoint(multiaddr: string): void {
    writePrivate(join(this.path, API_FILE), multiaddr, 0o600)
  }

  setApiToken(token: string): void {
    writePrivate(join(this.path, TOKEN_FILE), token, 0o600)
  }

  hasApiToken(): boolean {
    return existsSync(join(this.path, TOKEN_FILE))
  }

  /** Removes the `api` file and releases the lock. */
  close(): void {
    if (this.released) return
    this.released = true
    rmSync(join(this.path, API_FILE), { force: true })
    this.unlock()
  }
}

/** Reads a running process's endpoint and token from its repo (no lock needed). */
export function readApiFiles(path: string): { addr: string; token: string } {
  const apiPath = join(path, API_FILE)
  if (!existsSync(apiPath)) throw new NotFoundError(`API not running (no endpoint): ${apiPath} does not exist`)
  const addr = readFileSync(apiPath, 'utf8').trim()
  const tokenPath = join(path, TOKEN_FILE)
  const token = existsSync(tokenPath) ? readFileSync(tokenPath, 'utf8').trim() : ''
  return { addr, token }
}
