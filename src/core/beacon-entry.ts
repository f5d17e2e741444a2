/** A randomness beacon entry (drand round): CBOR `[Round, Data]`, JSON `{Round, Data}`. */
import { Bytes, Uint } from './codec.ts'
import { tupleCodec } from './tuple.ts'

export interface BeaconEntry {
  /** uint64 in Lotus; drand rounds fit a number. */
  round: number
  data: Uint8Array
}

export const BeaconEntryCodec = tupleCodec<BeaconEntry>('BeaconEntry', {
  round: ['Round', Uint],
  data: ['Data', Bytes],
})
