/**
 * A progress bar for long work (CommP of large files, sealing, snapshots) on stderr. On a terminal it
 * redraws one line; elsewhere (logs, CI) it prints a line every 10%, so a pipe still shows progress.
 */
import type { Writable } from 'node:stream'

export interface Progress {
  /** Reports the fraction done, 0..1. */
  update(fraction: number): void
  /** Completes the bar (draws 100% and ends the line). */
  done(): void
}

const WIDTH = 30

export function progressBar(
  out: Writable & { isTTY?: boolean },
  label: string,
  detail?: (f: number) => string,
): Progress {
  const tty = out.isTTY === true
  let lastDraw = 0
  let lastDecile = -1
  const line = (f: number) => {
    const filled = Math.round(f * WIDTH)
    const extra = detail ? ` ${detail(f)}` : ''
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(f * 100).toFixed(1).padStart(5)}%${extra}`
  }
  return {
    update(f) {
      const frac = Math.min(1, Math.max(0, f))
      if (tty) {
        const now = Date.now()
        if (now - lastDraw < 100) return
        lastDraw = now
        out.write(`\r${line(frac)}`)
        return
      }
      const decile = Math.floor(frac * 10)
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile
        out.write(`${line(frac)}\n`)
      }
    },
    done() {
      out.write(tty ? `\r${line(1)}\n` : `${line(1)}\n`)
    },
  }
}
