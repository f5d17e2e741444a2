/**
 * Unsealing (filecoin-proofs `get_unsealed_range` / `unseal_range`): regenerates the key (the last SDR
 * layer) from the replica id, since FinalizeSector removed the layers, and subtracts it from the sealed
 * replica node by node. The result's TreeD root is checked against CommD, so a wrong ticket, sector number
 * or corrupt replica gives an error instead of wrong data.
 */
import { readFileSync } from 'node:fs'
import { InvalidError, LotusError } from '../../util/errors.ts'
import type { Kernel } from '../kernel/kernel.ts'
import { kernel as defaultKernel } from '../kernel/select.ts'
import { sealProof } from '../registered-proof.ts'
import { decodeReplica } from '../sdr/encode.ts'
import { preCommit1 } from '../sdr/precommit1.ts'

export interface UnsealInput {
  readonly proof: number
  readonly proverId: Uint8Array
  readonly sectorNumber: bigint | number
  readonly ticket: Uint8Array
  readonly commD: Uint8Array
  readonly sealedPath: string
  readonly parentsDir?: string
}

/** The unsealed sector (Fr32-padded, sector-size bytes). */
export function unsealSector(
  input: UnsealInput,
  opts: { kernel?: Kernel; signal?: AbortSignal; onProgress?: (f: number) => void } = {},
): Uint8Array {
  const info = sealProof(input.proof)
  let replica: Uint8Array
  try {
    replica = readFileSync(input.sealedPath)
  } catch (err) {
    throw new LotusError('ERR_STORAGE', `unseal: cannot read ${input.sealedPath}: ${(err as Error).message}`)
  }
  if (replica.length !== info.sectorSize)
    throw new InvalidError(`unseal: sealed replica is ${replica.length} bytes, want ${info.sectorSize}`)
  const { key } = preCommit1(
    {
      proof: input.proof,
      proverId: input.proverId,
      sectorNumber: input.sectorNumber,
      ticket: input.ticket,
      commD: input.commD,
      parentsDir: input.parentsDir,
    },
    { kernel: opts.kernel, signal: opts.signal, onProgress: (f) => opts.onProgress?.(f * 0.95) },
  )
  const data = decodeReplica(replica, key)
  const root = data.slice()
  ;(opts.kernel ?? defaultKernel()).treeRoot(root, 0, info.nodes)
  for (let i = 0; i < 32; i++)
    if (root[i] !== input.commD[i])
      throw new InvalidError('unseal: the unsealed data does not hash to CommD (wrong ticket, sector or replica)')
  opts.onProgress?.(1)
  return data
}
