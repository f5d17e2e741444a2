/**
 * `storage.json` in the miner repo (Lotus storiface.StorageConfig): the local storage paths attached to
 * the process, `{"StoragePaths":[{"Path":"/mnt/store1"}]}`. Rewritten atomically on each change.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DecodeError } from '../../util/errors.ts'

export const STORAGE_CONFIG_FILE = 'storage.json'

export interface StorageConfig {
  StoragePaths: { Path: string }[]
}

/** A repo's attached paths, read and written through this object. */
export class StorageConfigFile {
  constructor(readonly repoPath: string) {}

  get file(): string {
    return join(this.repoPath, STORAGE_CONFIG_FILE)
  }

  read(): StorageConfig {
    if (!existsSync(this.file)) return { StoragePaths: [] }
    let json: unknown
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'))
    } catch (err) {
      throw new DecodeError(`${this.file}: invalid JSON: ${(err as Error).message}`)
    }
    const paths = (json as { StoragePaths?: unknown } | null)?.StoragePaths ?? []
    if (!Array.isArray(paths)) throw new DecodeError(`${this.file}: StoragePaths must be a list`)
    return {
      StoragePaths: paths.map((p, i) => {
        const path = (p as { Path?: unknown } | null)?.Path
        if (typeof path !== 'string' || path === '')
          throw new DecodeError(`${this.file}: StoragePaths[${i}].Path must be a non-empty string`)
        return { Path: path }
      }),
    }
  }

  write(cfg: StorageConfig): void {
    const tmp = `${this.file}.tmp-${process.pid}`
    writeFileSync(tmp, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o644 })
    renameSync(tmp, this.file)
  }

  /** Applies `fn` to the current list and writes the result. */
  update(fn: (paths: string[]) => string[]): void {
    const paths = fn(this.read().StoragePaths.map((p) => p.Path))
    this.write({ StoragePaths: paths.map((Path) => ({ Path })) })
  }
}
