/** The singleton actors' ID addresses (`builtin-actors:runtime/src/builtin/singletons.rs`). */
import { Address } from '../../core/address.ts'

export const SYSTEM_ACTOR_ADDR = Address.fromId(0)
export const INIT_ACTOR_ADDR = Address.fromId(1)
export const REWARD_ACTOR_ADDR = Address.fromId(2)
export const CRON_ACTOR_ADDR = Address.fromId(3)
export const STORAGE_POWER_ACTOR_ADDR = Address.fromId(4)
export const STORAGE_MARKET_ACTOR_ADDR = Address.fromId(5)
export const BURNT_FUNDS_ACTOR_ADDR = Address.fromId(99)

/** The first ID the Init actor assigns (`FIRST_NON_SINGLETON_ADDR`). */
export const FIRST_NON_SINGLETON_ID = 100n

/** Method numbers every actor shares. */
export const METHOD_SEND = 0n
export const METHOD_CONSTRUCTOR = 1n
