/**
 * The builtin actors this VM implements, registered by code CID. The storage miner is added with
 * `registry.register(MinerActor)` once it exists; until then Init creates miner actors without running
 * a constructor (see init/actor.ts).
 */
import { ActorRegistry } from '../vm/actor-class.ts'
import { AccountActor } from './account/actor.ts'
import { CronActor } from './cron/actor.ts'
import { InitActor } from './init/actor.ts'
import { PowerActor } from './power/actor.ts'
import { RewardActor } from './reward/actor.ts'
import { SystemActor } from './system/actor.ts'

/** A fresh registry with every builtin actor implemented so far. */
export function builtinActors(): ActorRegistry {
  return new ActorRegistry()
    .register(SystemActor)
    .register(InitActor)
    .register(AccountActor)
    .register(RewardActor)
    .register(CronActor)
    .register(PowerActor)
}
