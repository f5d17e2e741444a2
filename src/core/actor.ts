/**
 * An actor in the state tree (`lotus:chain/types/actor.go`). State tree v5 (nv18+) stores ActorV5
 * `[Code, Head, Nonce, Balance, DelegatedAddress|null]`; trees up to v4 stored ActorV4 without the address.
 * Decoding accepts both (a 4-field actor reads with `delegatedAddress = null`); encoding always writes 5
 * fields. JSON is `{Code, Head, Nonce, Balance, DelegatedAddress}`.
 */
import { DecodeError } from '../util/errors.ts'
import { asArray } from './cbor/read.ts'
import { type Address, AddressCodec } from './address.ts'
import { BigIntCodec } from './bigint.ts'
import type { CID } from './cid.ts'
import { Cid, type Codec, nullable, U64 } from './codec.ts'
import { tupleCodec } from './tuple.ts'

export interface Actor {
  /** The actor's code CID (which builtin actor it is). */
  code: CID
  /** Root of the actor's state. */
  head: CID
  /** uint64 */
  nonce: bigint
  /** attoFIL */
  balance: bigint
  /** The f4 address of the actor, if any. */
  delegatedAddress: Address | null
}

const v5 = tupleCodec<Actor>('Actor', {
  code: ['Code', Cid],
  head: ['Head', Cid],
  nonce: ['Nonce', U64],
  balance: ['Balance', BigIntCodec],
  delegatedAddress: ['DelegatedAddress', nullable(AddressCodec)],
})

export const ActorCodec: Codec<Actor> = {
  ...v5,
  fromCbor: (v, f = 'Actor') => {
    const items = asArray(v, f)
    if (items.length === 4) return v5.fromCbor([...items, null], f)
    if (items.length !== 5)
      throw new DecodeError(`${f}: expected a tuple of 5 fields (or 4, state tree v4 and earlier), got ${items.length}`)
    return v5.fromCbor(items, f)
  },
}
