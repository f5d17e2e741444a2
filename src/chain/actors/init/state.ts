/**
 * The Init actor's state (`builtin-actors:actors/init/src/state.rs`): `[AddressMap, NextID, NetworkName]`.
 * The address map is a HAMT (bit width 5) from address bytes to the actor ID (a CBOR unsigned integer).
 */
import { asU64 } from '../../../core/cbor/read.ts'
import type { CID } from '../../../core/cid.ts'
import { Cid, type Codec, Str, U64 } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import type { Blockstore } from '../../../ipld/blockstore.ts'
import { Hamt } from '../../../ipld/hamt/hamt.ts'
import type { Address } from '../../../core/address.ts'

export interface InitState {
  addressMap: CID
  nextId: bigint
  networkName: string
}

export const InitStateCodec: Codec<InitState> = tupleCodec<InitState>('InitState', {
  addressMap: ['AddressMap', Cid],
  nextId: ['NextID', U64],
  networkName: ['NetworkName', Str],
})

/** HAMT bit width of the address map (`HAMT_BIT_WIDTH`). */
export const INIT_HAMT_BIT_WIDTH = 5

/** The ID an address was assigned, or undefined. */
export async function initResolveAddress(bs: Blockstore, st: InitState, addr: Address): Promise<bigint | undefined> {
  const map = await Hamt.load(bs, st.addressMap, { bitWidth: INIT_HAMT_BIT_WIDTH })
  const v = await map.get(addr.bytes)
  return v === undefined ? undefined : asU64(v, 'InitState.AddressMap value')
}

/** Assigns the next ID to `addr` (`map_address_to_new_id`); returns the new state and the ID. */
export async function initMapNewAddress(
  bs: Blockstore,
  st: InitState,
  addr: Address,
): Promise<{ state: InitState; id: bigint }> {
  const map = await Hamt.load(bs, st.addressMap, { bitWidth: INIT_HAMT_BIT_WIDTH })
  const id = st.nextId
  await map.set(addr.bytes, id)
  return { state: { ...st, addressMap: await map.flush(), nextId: id + 1n }, id }
}
