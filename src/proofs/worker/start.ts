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
  const boot = `import('tsx/esm/api').then((m) => m.register()).then(() => import(${JSON.stringify(entry.href)}))`
  return new Worker(boot, { eval: true, workerData })
}
