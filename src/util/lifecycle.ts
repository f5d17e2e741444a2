/**
 * A process's lifecycle, shared by every composition root: one AbortSignal for every subsystem, cleanups
 * registered as subsystems start and run in reverse on close, an idempotent `close()`, and `closed`, which
 * resolves once everything has stopped. A failing cleanup is logged and the others still run.
 */
import { errorMessage } from './errors.ts'
import type { Logger } from './log.ts'

export class Lifecycle {
  private readonly stopping = new AbortController()
  private readonly cleanups: (() => void | Promise<void>)[] = []
  private closing: Promise<void> | undefined
  private resolveClosed!: () => void
  /** Resolves once `close()` has finished. */
  readonly closed = new Promise<void>((r) => (this.resolveClosed = r))

  constructor(
    private readonly name: string,
    private readonly log: Logger,
  ) {}

  /** Aborted when the process begins to stop. */
  get signal(): AbortSignal {
    return this.stopping.signal
  }

  /** Registers a cleanup; cleanups run in the reverse order of registration. */
  defer(cleanup: () => void | Promise<void>): void {
    this.cleanups.push(cleanup)
  }

  /** Stops everything (once; later calls get the same promise). */
  close = (): Promise<void> => {
    this.closing ??= (async () => {
      await this.unwind()
      this.log.info(`${this.name} stopped`)
      this.resolveClosed()
    })()
    return this.closing
  }

  /** Aborts the signal and runs the cleanups registered so far (also what a failed start does). */
  async unwind(): Promise<void> {
    this.stopping.abort()
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch (err) {
        this.log.error('shutdown step failed', { error: errorMessage(err) })
      }
    }
  }
}
