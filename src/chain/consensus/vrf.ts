/**
 * Tickets and election proofs (Lotus `miner/miner.go`, `chain/consensus/filcns/filecoin.go`): a VRF is the
 * miner worker's BLS signature over a 32-byte randomness draw, keyed by the latest beacon entry (rbase).
 * - ticket draw: `Draw(rbase, TicketProduction, h − 1, CBOR(miner) ‖ parent.MinTicket.VRFProof)`
 * - election draw: `Draw(rbase, ElectionProofProduction, h, CBOR(miner))`
 * The draws themselves are in crypto/election-draws.ts (the miner computes them too).
 */
import type { Address } from '../../core/address.ts'
import type { ElectionProof } from '../../core/election-proof.ts'
import { SigType } from '../../core/signature.ts'
import type { Ticket } from '../../core/ticket.ts'
import { electionDraw, ticketDraw } from '../../crypto/election-draws.ts'
import { sigSchemes } from '../../crypto/sigs.ts'
import { InvalidError } from '../../util/errors.ts'
import { computeWinCount } from './win-count.ts'

export { electionDraw, TICKET_RANDOMNESS_LOOKBACK, ticketDraw } from '../../crypto/election-draws.ts'

const bls = sigSchemes[SigType.BLS]

/** A VRF proof: the worker's BLS signature (Lotus little-endian private key) over the draw. */
export function computeVrf(workerPrivateKey: Uint8Array, draw: Uint8Array): Uint8Array {
  return bls.sign(workerPrivateKey, draw)
}

/** Throws InvalidError naming `what` unless `proof` is the BLS worker's VRF over `draw`. */
export function verifyVrf(what: string, worker: Address, draw: Uint8Array, proof: Uint8Array): void {
  if (worker.protocol !== bls.addressProtocol)
    throw new InvalidError(`${what}: worker ${worker} is not a BLS address (a VRF needs a BLS worker key)`)
  if (!bls.verify(proof, draw, worker)) throw new InvalidError(`${what}: vrf was invalid for worker ${worker}`)
}

export interface TicketInput {
  beaconData: Uint8Array
  miner: Address
  height: number
  parentMinTicket: Ticket
}

/** The block ticket a miner's worker produces for a height. */
export function computeTicket(workerPrivateKey: Uint8Array, input: TicketInput): Ticket {
  return {
    vrfProof: computeVrf(
      workerPrivateKey,
      ticketDraw(input.beaconData, input.miner, input.height, input.parentMinTicket),
    ),
  }
}

/** Checks a block's ticket against the worker key ("validating block tickets failed" in Lotus). */
export function verifyTicket(worker: Address, input: TicketInput, ticket: Ticket): void {
  verifyVrf(
    'validating block tickets failed',
    worker,
    ticketDraw(input.beaconData, input.miner, input.height, input.parentMinTicket),
    ticket.vrfProof,
  )
}

export interface ElectionInput {
  beaconData: Uint8Array
  miner: Address
  height: number
  /** Quality-adjusted power of the miner and of the network, from the lookback state. */
  minerPower: bigint
  totalPower: bigint
}

/** Runs the election: the proof with its WinCount (0 when the miner did not win). */
export function computeElectionProof(workerPrivateKey: Uint8Array, input: ElectionInput): ElectionProof {
  const vrfProof = computeVrf(workerPrivateKey, electionDraw(input.beaconData, input.miner, input.height))
  return { vrfProof, winCount: computeWinCount(vrfProof, input.minerPower, input.totalPower) }
}

/** Checks an election proof: a winner's claim, a valid VRF, and the WinCount it earns. */
export function verifyElection(worker: Address, input: ElectionInput, proof: ElectionProof): void {
  if (proof.winCount < 1) throw new InvalidError('block is not claiming to be a winner')
  verifyVrf(
    'validating block election proof failed',
    worker,
    electionDraw(input.beaconData, input.miner, input.height),
    proof.vrfProof,
  )
  const computed = computeWinCount(proof.vrfProof, input.minerPower, input.totalPower)
  if (proof.winCount !== computed)
    throw new InvalidError(`miner claims wrong number of wins: miner: ${proof.winCount}, computed: ${computed}`)
}
