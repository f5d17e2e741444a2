/** The System actor (f00, `builtin-actors:actors/system`): only a constructor; its state is an empty tuple. */
import type { Codec } from '../../../core/codec.ts'
import { tupleCodec } from '../../../core/tuple.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import { CODE_CIDS } from '../code-cids.ts'
import { SYSTEM_ACTOR_ADDR } from '../singletons.ts'

export type SystemState = Record<string, never>
export const SystemStateCodec: Codec<SystemState> = tupleCodec<SystemState>('SystemState', {})

export const SystemActor: ActorClass = {
  name: 'system',
  code: CODE_CIDS.system,
  methods: methodTable([
    [
      1,
      method('Constructor', null, null, async (rt) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        await rt.commit(SystemStateCodec, {})
      }),
    ],
  ]),
}
