/** Starting a proofs worker thread, from compiled JavaScript or (tests, tsx) from TypeScript sources. */
import { extname } from 'node:path'
import { Worker } from 'node:worker_threads'

export interface JobOptions {
  /** Fraction done, at most every 100 ms. */
  readonly onProgress?: (fraction: number) => void
  readonly signal?: AbortSignal
}

const ext = extname(new URL(import.meta.url).pathname)
const entry = new URL(`./entry${ext}`, import.meta.url)

/** Starts the entry; from TypeScript sources the thread first registers tsx's loader. */
export function startWorker(workerData: unknown): Worker {
  if (ext !== '.ts') return new Worker(entry, { workerData })
  // An eval'd worker resolves bare specifiers from the current directory, so name tsx by its resolved URL:
  // the programs must work from any directory, not only from the clone.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const boot = `import(${tsx}).then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))`
  return new Worker(boot, { eval: true, workerData })
}
