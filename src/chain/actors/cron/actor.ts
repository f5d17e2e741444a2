/**
 * The Cron actor (f03, `builtin-actors:actors/cron`): at the end of every epoch (and every null round) the
 * VM calls EpochTick, which calls each registered entry in order; an entry's failure does not stop the rest.
 * State and constructor parameters are both `[[[Receiver, MethodNum]...]]`.
 */
import { type Address, AddressCodec } from '../../../core/address.ts'
import { type Codec, listOf, U64 } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import { CODE_CIDS } from '../code-cids.ts'
import { SYSTEM_ACTOR_ADDR } from '../singletons.ts'

export const CronMethod = { Constructor: 1, EpochTick: 2 } as const

export interface CronEntry {
  receiver: Address
  methodNum: bigint
}
export const CronEntryCodec: Codec<CronEntry> = tupleCodec<CronEntry>('CronEntry', {
  receiver: ['Receiver', AddressCodec],
  methodNum: ['MethodNum', U64],
})

export interface CronState {
  entries: CronEntry[]
}
/** The state and the constructor parameters share this shape. */
export const CronStateCodec: Codec<CronState> = tupleCodec<CronState>('CronState', {
  entries: ['Entries', listOf(CronEntryCodec)],
})

export const CronActor: ActorClass = {
  name: 'cron',
  code: CODE_CIDS.cron,
  methods: methodTable([
    [
      CronMethod.Constructor,
      method('Constructor', CronStateCodec, null, async (rt, p) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        await rt.commit(CronStateCodec, p)
      }),
    ],
    [
      CronMethod.EpochTick,
      method('EpochTick', null, null, async (rt) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        const st = await rt.state(CronStateCodec)
        for (const e of st.entries) await rt.send(e.receiver, e.methodNum, new Uint8Array(0), 0n)
      }),
    ],
  ]),
}
