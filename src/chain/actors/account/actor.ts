/**
 * The Account actor (`builtin-actors:actors/account`): holds the key address (f1/f3) behind an ID. The VM
 * creates one on the first send to a new key address, calling the Constructor from the System actor with
 * the address itself as the parameter (Lotus `TryCreateAccountActor`).
 */
import { type Address, AddressCodec, Protocol } from '../../../core/address.ts'
import { actorErrors } from '../../vm/actor-error.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import { CODE_CIDS } from '../code-cids.ts'
import { SYSTEM_ACTOR_ADDR } from '../singletons.ts'
import { AccountStateCodec } from './state.ts'

export const AccountMethod = { Constructor: 1, PubkeyAddress: 2 } as const

export const AccountActor: ActorClass = {
  name: 'account',
  code: CODE_CIDS.account,
  methods: methodTable([
    [
      AccountMethod.Constructor,
      method('Constructor', AddressCodec, null, async (rt, address: Address) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        if (address.protocol !== Protocol.SECP256K1 && address.protocol !== Protocol.BLS)
          throw actorErrors.illegalArgument(`account address must be a key address (f1/f3), got ${address}`)
        await rt.commit(AccountStateCodec, { address })
      }),
    ],
    [
      AccountMethod.PubkeyAddress,
      method('PubkeyAddress', null, AddressCodec, async (rt) => {
        rt.validateCallerAny()
        return (await rt.state(AccountStateCodec)).address
      }),
    ],
  ]),
}
