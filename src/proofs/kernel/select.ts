/**
 * Picks the kernel: the native addon when it loads, else the TypeScript reference, with one loud warning
 * on stderr. LOTUS_TS_PROOFS_KERNEL=ts forces the reference (for tests and comparisons).
 */
import type { Kernel } from './kernel.ts'
import { loadNativeKernel } from './native-kernel.ts'
import { tsKernel } from './ts-kernel.ts'

let native: { kernel: Kernel | null; reason: string } | undefined
let chosen: Kernel | undefined

function nativeOnce(): { kernel: Kernel | null; reason: string } {
  native ??= loadNativeKernel()
  return native
}

/** The kernel the proofs layer uses. */
export function kernel(): Kernel {
  if (chosen) return chosen
  if (process.env.LOTUS_TS_PROOFS_KERNEL === 'ts') {
    chosen = tsKernel
    return chosen
  }
  const n = nativeOnce()
  if (n.kernel) chosen = n.kernel
  else {
    process.stderr.write(
      `\n*** WARNING: lotus-ts proofs: native kernel unavailable (${n.reason}); ` +
        'using the pure TypeScript kernel, which is several times slower. ***\n\n',
    )
    chosen = tsKernel
  }
  return chosen
}

/** Every kernel that can run here (the TypeScript one always; the native one if built). */
export function availableKernels(): Kernel[] {
  const n = nativeOnce()
  return n.kernel ? [n.kernel, tsKernel] : [tsKernel]
}

/** Why the native kernel is missing, or '' if it loaded. */
export function nativeKernelProblem(): string {
  return nativeOnce().reason
}
