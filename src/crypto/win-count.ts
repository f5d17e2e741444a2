/**
 * Election WinCount (Lotus `ElectionProof.ComputeWinCount`): the VRF proof's blake2b-256 digest read as a
 * Q.256 fraction x in [0, 1); the miner wins k times for every k ≥ 1 with x < P[Poisson(λ) ≥ k], where
 * λ = expectedLeaders · power / totalPower; capped at 3 · expectedLeaders (15).
 */
import { blake2b256 } from '../core/cid.ts'
import { InvalidError } from '../util/errors.ts'
import { lambda, Poisson } from './q256.ts'

/** Lotus's BlocksPerEpoch (expected leaders per epoch). */
export const BLOCKS_PER_EPOCH = 5

/** Big-endian unsigned integer of some bytes. */
export function bytesToBigUint(bytes: Uint8Array): bigint {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex === '' ? 0n : BigInt(`0x${hex}`)
}

/** The number of wins an election VRF proof earns with `power` out of `totalPower` (quality-adjusted). */
export function computeWinCount(
  vrfProof: Uint8Array,
  power: bigint,
  totalPower: bigint,
  blocksPerEpoch: number = BLOCKS_PER_EPOCH,
): number {
  if (totalPower <= 0n) throw new InvalidError(`win count: total power ${totalPower} must be positive`)
  if (power < 0n) throw new InvalidError(`win count: miner power ${power} must not be negative`)
  const x = bytesToBigUint(blake2b256(vrfProof))
  const maxWins = 3 * blocksPerEpoch
  const p = new Poisson(lambda(power, totalPower, BigInt(blocksPerEpoch)))
  let rhs = p.icdf
  let wins = 0
  while (x < rhs && wins < maxWins) {
    rhs = p.next()
    wins++
  }
  return wins
}
