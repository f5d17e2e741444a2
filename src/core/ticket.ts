/** A block's ticket (`lotus:chain/types/blockheader.go`): CBOR `[VRFProof]`, JSON `{VRFProof}`. */
import { blake2b256 } from './cid.ts'
import { Bytes } from './codec.ts'
import { compareBytes } from '../util/bytes.ts'
import { tupleCodec } from './tuple.ts'

export interface Ticket {
  vrfProof: Uint8Array
}

export const TicketCodec = tupleCodec<Ticket>('Ticket', { vrfProof: ['VRFProof', Bytes] })

/** Lotus `Ticket.Less`: orders tickets by blake2b-256 of their VRF proofs. */
export function compareTickets(a: Ticket, b: Ticket): number {
  return compareBytes(blake2b256(a.vrfProof), blake2b256(b.vrfProof))
}
