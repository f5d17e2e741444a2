/**
 * TEST-ONLY stand-in for the storage miner actor (which a later session builds): it records its
 * constructor parameters and cron callbacks, accepts rewards, and forwards calls to the power actor so
 * tests can exercise Power's miner-only methods. It is never registered outside tests.
 */
import { U64, Bytes, type Codec, decode, listOf } from '../../../src/core/codec.ts'
import { tupleCodec } from '../../../src/core/tuple.ts'
import { CODE_CIDS } from '../../../src/chain/actors/code-cids.ts'
import { ApplyRewardParamsCodec } from '../../../src/chain/actors/reward/types.ts'
import {
  DeferredCronEventParamsCodec,
  type MinerConstructorParams,
  MinerConstructorParamsCodec,
} from '../../../src/chain/actors/power/types.ts'
import { INIT_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from '../../../src/chain/actors/singletons.ts'
import { ActorError } from '../../../src/chain/vm/actor-error.ts'
import { type ActorClass, method, methodTable } from '../../../src/chain/vm/actor-class.ts'

export interface StubMinerState {
  params: MinerConstructorParams
  cronPayloads: Uint8Array[]
}
export const StubMinerStateCodec: Codec<StubMinerState> = tupleCodec<StubMinerState>('StubMinerState', {
  params: ['Params', MinerConstructorParamsCodec],
  cronPayloads: ['CronPayloads', listOf(Bytes)],
})

export interface Forward {
  method: bigint
  params: Uint8Array
}
export const ForwardCodec: Codec<Forward> = tupleCodec<Forward>('Forward', {
  method: ['Method', U64],
  params: ['Params', Bytes],
})
export const FORWARD_METHOD = 1000n

export const StubMinerActor: ActorClass = {
  name: 'stub-miner',
  code: CODE_CIDS.storageminer,
  methods: methodTable([
    [
      1,
      method('Constructor', MinerConstructorParamsCodec, null, async (rt, params) => {
        rt.validateCallerIs(INIT_ACTOR_ADDR)
        await rt.commit(StubMinerStateCodec, { params, cronPayloads: [] })
      }),
    ],
    [
      12,
      method('OnDeferredCronEvent', DeferredCronEventParamsCodec, null, async (rt, p) => {
        rt.validateCallerIs(STORAGE_POWER_ACTOR_ADDR)
        await rt.transaction(StubMinerStateCodec, (st) => {
          st.cronPayloads.push(p.eventPayload)
        })
      }),
    ],
    [14, method('ApplyRewards', ApplyRewardParamsCodec, null, async () => {})],
    [
      Number(FORWARD_METHOD),
      method('Forward', ForwardCodec, Bytes, async (rt, f) => {
        const r = await rt.send(STORAGE_POWER_ACTOR_ADDR, f.method, f.params, 0n)
        if (r.exitCode !== 0) throw new ActorError(r.exitCode, 'forwarded call failed')
        return r.ret
      }),
    ],
  ]),
}

export const readStubState = (bytes: Uint8Array): StubMinerState => decode(StubMinerStateCodec, bytes)
