/**
 * The miner's side of Expected Consensus (Lotus `chain/gen/gen.go` ComputeVRF and IsRoundWinner,
 * `miner/miner.go` computeTicket): VRFs are the worker key's BLS signatures made by the daemon's wallet
 * (WalletSign), over the same draws consensus verifies (crypto/election-draws.ts); WinCount is the same
 * Poisson computation (crypto/win-count.ts).
 */
import type { Address } from '../../core/address.ts'
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import { blake2b256 } from '../../core/cid.ts'
import type { ElectionProof } from '../../core/election-proof.ts'
import { SigType } from '../../core/signature.ts'
import type { Ticket } from '../../core/ticket.ts'
import { electionDraw, ticketDraw } from '../../crypto/election-draws.ts'
import { bytesToBigUint, computeWinCount } from '../../crypto/win-count.ts'
import { InvalidError } from '../../util/errors.ts'
import type { MiningApi } from './deps.ts'

export type SignFn = MiningApi['WalletSign']

/** ComputeVRF: the worker's signature over the draw; refuses a worker that is not a BLS key. */
export async function computeVrf(sign: SignFn, worker: Address, draw: Uint8Array): Promise<Uint8Array> {
  const sig = await sign(worker, draw)
  if (sig.type !== SigType.BLS)
    throw new InvalidError(`miner worker address ${worker} was not a BLS key (signature type ${sig.type})`)
  return sig.data
}

export interface RoundInput {
  readonly miner: Address
  readonly worker: Address
  /** The randomness base: the last beacon entry of the block, else the previous one. */
  readonly rbase: BeaconEntry
  /** The height being mined (base height + null rounds + 1). */
  readonly round: number
}

/** The block's ticket: VRF over the ticket draw, chained to the base tipset's min ticket. */
export async function computeTicket(sign: SignFn, r: RoundInput, baseMinTicket: Ticket): Promise<Ticket> {
  return { vrfProof: await computeVrf(sign, r.worker, ticketDraw(r.rbase.data, r.miner, r.round, baseMinTicket)) }
}

/** IsRoundWinner: the election proof with its WinCount, or null when the miner did not win the round. */
export async function isRoundWinner(
  sign: SignFn,
  r: RoundInput,
  power: { miner: bigint; network: bigint },
): Promise<ElectionProof | null> {
  const vrfProof = await computeVrf(sign, r.worker, electionDraw(r.rbase.data, r.miner, r.round))
  const winCount = computeWinCount(vrfProof, power.miner, power.network)
  return winCount < 1 ? null : { vrfProof, winCount }
}

/** Lotus `Ticket.Quality`: 1 − blake2b256(VRFProof) / 2^256, as a float64 (MpoolSelect's input). */
export function ticketQuality(t: Ticket): number {
  // Number(bigint) rounds to nearest and 2^256 is a power of two, so this is Go's big.Rat Float64
  return 1 - Number(bytesToBigUint(blake2b256(t.vrfProof))) / 2 ** 256
}
