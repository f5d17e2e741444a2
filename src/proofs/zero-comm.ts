/**
 * Zero commitments: the sha256-trunc254 tree root over 2^level zero leaves (Z0 = 32 zero bytes,
 * Z(k+1) = H(Zk ‖ Zk)). go-commp-utils `zerocomm.PieceComms` lists the same values from 128 B up.
 */
import { InvalidError } from '../util/errors.ts'
import { hashNodeTs } from './kernel/sha256-ts.ts'

/** Levels 0..36 (32 B .. 2 TiB). */
export const ZERO_COMM_LEVELS = 37

const table: Uint8Array[] = []
{
  let z = new Uint8Array(32)
  const pair = new Uint8Array(64)
  for (let level = 0; level < ZERO_COMM_LEVELS; level++) {
    table.push(z)
    pair.set(z, 0)
    pair.set(z, 32)
    const next = new Uint8Array(32)
    hashNodeTs(pair, 0, next, 0)
    z = next
  }
}

/** The root over 2^level zero leaves (level 2 = a 128-byte piece). Do not mutate the result. */
export function zeroComm(level: number): Uint8Array {
  const z = table[level]
  if (!z) throw new InvalidError(`zero commitment level ${level} is outside [0, ${ZERO_COMM_LEVELS - 1}]`)
  return z
}

/** The commitment of an all-zero padded piece of `paddedSize` bytes (a power of two ≥ 32). */
export function zeroCommForSize(paddedSize: number): Uint8Array {
  const level = Math.log2(paddedSize / 32)
  if (!Number.isInteger(level)) throw new InvalidError(`zero commitment: size ${paddedSize} is not 32·2^k`)
  return zeroComm(level)
}
