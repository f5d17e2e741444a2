/** State methods of the FullNode API (lotus api/api_full.go, v1 signatures), with their //perm: tags. */
import { AddressCodec } from '../../core/address.ts'
import { ActorCodec } from '../../core/actor.ts'
import { Bool, Cid, I64, nullable, Str } from '../../core/codec.ts'
import { MessageCodec } from '../../core/message.ts'
import { TipSetKeyCodec } from '../../core/tipset-key.ts'
import { method, param } from '../method.ts'
import { ActorStateCodec, InvocResultCodec, MinerPowerCodec, MsgLookupCodec } from './chain-codecs.ts'

const tsk = param('tsk', TipSetKeyCodec)

export const StateMethods = {
  StateGetActor: method({
    perm: 'read',
    params: [param('address', AddressCodec), tsk],
    result: ActorCodec,
    doc: 'The actor at an address in the state of a tipset (`[]` or `null`: the head); an error containing "actor not found" when there is none.',
  }),
  StateLookupID: method({
    perm: 'read',
    params: [param('address', AddressCodec), tsk],
    result: AddressCodec,
    doc: 'The ID address (`t0…`) of an address in the state of a tipset; an error containing "actor not found" when there is none.',
  }),
  StateAccountKey: method({
    perm: 'read',
    params: [param('address', AddressCodec), tsk],
    result: AddressCodec,
    doc: 'The key address (f1/f3) of an account.',
  }),
  StateReadState: method({
    perm: 'read',
    params: [param('address', AddressCodec), tsk],
    result: ActorStateCodec,
    doc: "An actor's balance, code and decoded state (builtin actors other than the storage miner).",
  }),
  StateMinerPower: method({
    perm: 'read',
    params: [param('address', AddressCodec), tsk],
    result: MinerPowerCodec,
    doc: "A miner's power claim (zero when it has none), the network's total, and whether it meets the consensus minimum.",
  }),
  StateNetworkName: method({ perm: 'read', params: [], result: Str, doc: 'The network name (Init actor).' }),
  StateSearchMsg: method({
    perm: 'read',
    params: [tsk, param('cid', Cid), param('limit', I64), param('allowReplaced', Bool)],
    result: nullable(MsgLookupCodec),
    doc: 'Where a message was executed on the chain and its receipt; null when not (yet) executed.',
  }),
  StateWaitMsg: method({
    perm: 'read',
    params: [param('cid', Cid), param('confidence', I64), param('limit', I64), param('allowReplaced', Bool)],
    result: MsgLookupCodec,
    doc: 'Waits until the message is executed with `confidence` tipsets on top.',
  }),
  StateCall: method({
    perm: 'read',
    params: [param('message', MessageCodec), tsk],
    result: InvocResultCodec,
    doc: 'Applies a message on the state of a tipset without changing it (no gas charged).',
  }),
} as const
