/**
 * The builtin actors this VM implements, registered by code CID. `{ miner: false }` leaves the storage
 * miner out (tests that register a stand-in under its code CID).
 */
import { ActorRegistry } from '../vm/actor-class.ts'
import { AccountActor } from './account/actor.ts'
import { CronActor } from './cron/actor.ts'
import { InitActor } from './init/actor.ts'
import { MinerActor } from './miner/actor.ts'
import { PowerActor } from './power/actor.ts'
import { RewardActor } from './reward/actor.ts'
import { SystemActor } from './system/actor.ts'

/** A fresh registry with every builtin actor implemented so far. */
export function builtinActors(opts: { miner?: boolean } = {}): ActorRegistry {
  const registry = new ActorRegistry()
    .register(SystemActor)
    .register(InitActor)
    .register(AccountActor)
    .register(RewardActor)
    .register(CronActor)
    .register(PowerActor)
  return opts.miner === false ? registry : registry.register(MinerActor)
}
