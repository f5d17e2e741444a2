/**
 * The kernels every vector runs against. Under CI the native kernel must be built (CI has a compiler);
 * elsewhere a missing addon only narrows the list.
 */
import { availableKernels, nativeKernelProblem } from '../../src/proofs/kernel/select.ts'

export function kernelsUnderTest() {
  if (process.env.CI && nativeKernelProblem())
    throw new Error(`native proofs kernel missing under CI: ${nativeKernelProblem()}`)
  return availableKernels()
}

export const nativeKernel = () => kernelsUnderTest().find((k) => k.name === 'native')
