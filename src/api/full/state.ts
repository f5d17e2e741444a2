/** State methods of the FullNode API that the wallet commands read (the chain issue adds the rest). */
import { AddressCodec } from '../../core/address.ts'
import { ActorCodec } from '../../core/actor.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { method, param } from '../method.ts'

export const StateMethods = {
  StateGetActor: method({
    perm: 'read',
    params: [param('address', AddressCodec), param('tsk', TipSetKeyCodec)],
    result: ActorCodec,
    doc: 'The actor at an address in the state of a tipset (`[]` or `null`: the head); an error containing "actor not found" when there is none.',
  }),
  StateLookupID: method({
    perm: 'read',
    params: [param('address', AddressCodec), param('tsk', TipSetKeyCodec)],
    result: AddressCodec,
    doc: 'The ID address (`t0…`) of an address in the state of a tipset; an error containing "actor not found" when there is none.',
  }),
} as const
