/** The Account actor's state (`builtin-actors:actors/account/src/state.rs`): `[Address]`, its key address. */
import { type Address, AddressCodec } from '../../../core/address.ts'
import type { Codec } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'

export interface AccountState {
  address: Address
}

export const AccountStateCodec: Codec<AccountState> = tupleCodec<AccountState>('AccountState', {
  address: ['Address', AddressCodec],
})
