/** The builtin actors (the storage miner under the `miner` namespace), their codecs, genesis and queries. */
export { AccountActor, AccountMethod } from './account/actor.ts'
export { type AccountState, AccountStateCodec } from './account/state.ts'
export { ACTORS_VERSION, ActorKind, actorKindOf, CODE_CIDS, isAccountCode } from './code-cids.ts'
export { CronActor, type CronEntry, CronMethod, type CronState, CronStateCodec } from './cron/actor.ts'
export { type FilterEstimate, FilterEstimateCodec } from './filter-estimate.ts'
export {
  buildGenesisState,
  DEFAULT_REWARD_POOL,
  type GenesisAccount,
  type GenesisOptions,
  type GenesisState,
} from './genesis-state.ts'
export { InitActor, InitMethod } from './init/actor.ts'
export * as miner from './miner/index.ts'
export { type InitState, InitStateCodec, initResolveAddress } from './init/state.ts'
export * from './init/types.ts'
export { PowerActor, PowerMethod } from './power/actor.ts'
export { readClaim } from './power/claims.ts'
export {
  type Claim,
  ClaimCodec,
  claimMeetsConsensusMinimum,
  currentTotalPower,
  type PowerState,
  PowerStateCodec,
} from './power/state.ts'
export * from './power/types.ts'
export { accountKey, minerClaim, minerEligible, networkName, networkPower, powerState } from './queries.ts'
export { builtinActors } from './registry.ts'
export { MINER_APPLY_REWARDS_METHOD, RewardActor, RewardMethod } from './reward/actor.ts'
export { DEFAULT_REWARD_SCHEDULE, epochReward, type RewardSchedule } from './reward/schedule.ts'
export { type RewardState, RewardStateCodec } from './reward/state.ts'
export * from './reward/types.ts'
export * from './singletons.ts'
export { SystemActor } from './system/actor.ts'
