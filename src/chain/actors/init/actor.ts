/**
 * The Init actor (f01, `builtin-actors:actors/init`): assigns IDs and creates actors. Exec derives a robust
 * address for the new actor (blake2b-160 of CBOR(origin) ‖ u64be(nonce) ‖ u64be(actors created by this
 * message)), maps it to the next ID, creates the actor and calls its Constructor with the value received.
 *
 * An actor whose code has no implementation in this VM yet (the storage miner, for now) is created with
 * empty state and receives only the value: its Constructor runs once its class is registered.
 */
import { Address } from '../../../core/address.ts'
import { ActorError, actorErrors } from '../../vm/actor-error.ts'
import { type ActorClass, method, methodTable } from '../../vm/actor-class.ts'
import type { Runtime } from '../../vm/runtime.ts'
import { Hamt } from '../../../ipld/hamt/hamt.ts'
import { ActorKind, actorKindOf, CODE_CIDS, SIGNABLE_KINDS } from '../code-cids.ts'
import { FIRST_NON_SINGLETON_ID, METHOD_CONSTRUCTOR, METHOD_SEND, SYSTEM_ACTOR_ADDR } from '../singletons.ts'
import { INIT_HAMT_BIT_WIDTH, InitStateCodec, initMapNewAddress } from './state.ts'
import {
  type ExecParams,
  ExecParamsCodec,
  type ExecReturn,
  ExecReturnCodec,
  InitConstructorParamsCodec,
} from './types.ts'

export const InitMethod = { Constructor: 1, Exec: 2 } as const

/** Which callers may Exec each kind of actor (`can_exec`): miners only through Power. */
const EXEC_CALLERS: Partial<Record<ActorKind, readonly ActorKind[]>> = {
  [ActorKind.Miner]: [ActorKind.Power],
  [ActorKind.PaymentChannel]: SIGNABLE_KINDS,
  [ActorKind.Multisig]: SIGNABLE_KINDS,
}

async function exec(rt: Runtime, p: ExecParams): Promise<ExecReturn> {
  rt.validateCallerAny()
  const callerCode = await rt.getActorCode(rt.caller)
  const callerKind = callerCode && actorKindOf(callerCode)
  const kind = actorKindOf(p.codeCid)
  if (!kind || !callerKind || !EXEC_CALLERS[kind]?.includes(callerKind))
    throw actorErrors.forbidden(`caller ${rt.caller} (${callerKind ?? 'unknown'}) may not exec ${kind ?? p.codeCid}`)
  const robustAddress = rt.newActorAddress()
  const st = await rt.state(InitStateCodec)
  const { state, id } = await initMapNewAddress(rt.store, st, robustAddress)
  await rt.commit(InitStateCodec, state)
  const idAddress = Address.fromId(id)
  await rt.createActor(p.codeCid, idAddress)
  const runConstructor = rt.hasActorClass(p.codeCid)
  const res = runConstructor
    ? await rt.send(idAddress, METHOD_CONSTRUCTOR, p.constructorParams, rt.valueReceived)
    : await rt.send(idAddress, METHOD_SEND, new Uint8Array(0), rt.valueReceived)
  if (res.exitCode !== 0) throw new ActorError(res.exitCode, `constructing ${kind} actor ${idAddress} failed`)
  return { idAddress, robustAddress }
}

export const InitActor: ActorClass = {
  name: 'init',
  code: CODE_CIDS.init,
  methods: methodTable([
    [
      InitMethod.Constructor,
      method('Constructor', InitConstructorParamsCodec, null, async (rt, p) => {
        rt.validateCallerIs(SYSTEM_ACTOR_ADDR)
        const addressMap = await Hamt.create(rt.store, { bitWidth: INIT_HAMT_BIT_WIDTH }).flush()
        await rt.commit(InitStateCodec, { addressMap, nextId: FIRST_NON_SINGLETON_ID, networkName: p.networkName })
      }),
    ],
    [InitMethod.Exec, method('Exec', ExecParamsCodec, ExecReturnCodec, exec)],
  ]),
}
