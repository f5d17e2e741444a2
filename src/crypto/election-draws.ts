/**
 * The randomness a block producer signs or proves over (Lotus `miner/miner.go`, `chain/gen/gen.go`), keyed by
 * the latest beacon entry (rbase). Pure functions shared by the miner (which computes them) and consensus
 * (which checks them):
 * - ticket: `Draw(rbase, TicketProduction, h − 1, CBOR(miner) ‖ parent.MinTicket.VRFProof)`
 * - election: `Draw(rbase, ElectionProofProduction, h, CBOR(miner))`
 * - WinningPoSt seed: `Draw(rbase, WinningPoStChallengeSeed, h, CBOR(miner))`
 */
import { type Address, AddressCodec } from '../core/address.ts'
import { encode } from '../core/codec.ts'
import type { Ticket } from '../core/ticket.ts'
import { concatBytes } from '../util/bytes.ts'
import { DomainSeparationTag, drawRandomness } from './randomness.ts'

/** Lotus `TicketRandomnessLookback`: the ticket draws from the round before the block's height. */
export const TICKET_RANDOMNESS_LOOKBACK = 1

/** The bytes a ticket VRF signs. `beaconData` is rbase's Data; `parentMinTicket` the parent's min ticket. */
export function ticketDraw(
  beaconData: Uint8Array,
  miner: Address,
  height: number,
  parentMinTicket: Ticket,
): Uint8Array {
  const entropy = concatBytes(encode(AddressCodec, miner), parentMinTicket.vrfProof)
  return drawRandomness(beaconData, DomainSeparationTag.TicketProduction, height - TICKET_RANDOMNESS_LOOKBACK, entropy)
}

/** The bytes an election VRF signs. */
export function electionDraw(beaconData: Uint8Array, miner: Address, height: number): Uint8Array {
  return drawRandomness(beaconData, DomainSeparationTag.ElectionProofProduction, height, encode(AddressCodec, miner))
}

/** The WinningPoSt randomness of a block at `height` (unmasked; the proof calls mask byte 31). */
export function winningPoStDraw(beaconData: Uint8Array, miner: Address, height: number): Uint8Array {
  return drawRandomness(beaconData, DomainSeparationTag.WinningPoStChallengeSeed, height, encode(AddressCodec, miner))
}
