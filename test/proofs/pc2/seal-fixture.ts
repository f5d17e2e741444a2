/**
 * Seals a 2KiB sector (PC1 + PC2) from a fixed payload into a fresh temporary folder, for the PC2, PoRep
 * and PoSt tests.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { commP } from '../../../src/proofs/commp.ts'
import { fr32Pad } from '../../../src/proofs/fr32.ts'
import type { Kernel } from '../../../src/proofs/kernel/kernel.ts'
import { type PreCommit2Output, preCommit2 } from '../../../src/proofs/pc2/precommit2.ts'
import { SealProof } from '../../../src/proofs/registered-proof.ts'
import { preCommit1 } from '../../../src/proofs/sdr/precommit1.ts'
import { proverId } from '../../../src/proofs/sdr/replica-id.ts'

export const PROOF_2KIB = SealProof.StackedDrg2KiBV1_1
export const PROVER = proverId(1000)
export const TICKET = new Uint8Array(32).fill(1)

/** A fixed 2032-byte payload (differs by `variant`). */
export function payload(variant = 0): Uint8Array {
  return new Uint8Array(2032).map((_, i) => (i * 7 + variant * 13) & 0xff)
}

export interface SealedSector extends PreCommit2Output {
  readonly dir: string
  readonly cacheDir: string
  readonly sealedPath: string
  readonly parentsDir: string
  readonly sectorNumber: number
  readonly data: Uint8Array
}

export function seal2KiB(
  opts: { sectorNumber?: number; variant?: number; kernel?: Kernel; parentsDir?: string } = {},
): SealedSector {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-seal-'))
  const cacheDir = join(dir, 'cache')
  const sealedPath = join(dir, 'sealed')
  const parentsDir = opts.parentsDir ?? join(dir, 'parents')
  const sectorNumber = opts.sectorNumber ?? 1
  const p = payload(opts.variant)
  const data = fr32Pad(p)
  const commD = commP(p).commP
  preCommit1(
    { proof: PROOF_2KIB, proverId: PROVER, sectorNumber, ticket: TICKET, commD, cacheDir, parentsDir },
    { kernel: opts.kernel },
  )
  const out = preCommit2({ proof: PROOF_2KIB, cacheDir, unsealed: data, sealedPath }, { kernel: opts.kernel })
  return { ...out, dir, cacheDir, sealedPath, parentsDir, sectorNumber, data }
}
