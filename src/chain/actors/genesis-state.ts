/**
 * Builds a genesis state tree (`lotus:chain/gen/genesis/genesis.go` MakeInitialStateTree): the singletons
 * System (f00), Init (f01, with every account's address mapped), Reward (f02, holding the reward pool),
 * Cron (f03, calling Power.OnEpochTickEnd), Power (f04), burnt funds (f099, an account) and one account per
 * genesis balance, IDs from 100 in the order given. States are written directly, as Lotus does.
 * Miners are added later (genesis add-miner builds on this through Power.CreateMiner).
 */
import type { Actor } from '../../core/actor.ts'
import { type Address, Protocol } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import type { Codec } from '../../core/codec.ts'
import { FIL_PRECISION } from '../../core/token.ts'
import { InvalidError } from '../../util/errors.ts'
import { type Blockstore, putCbor } from '../../ipld/blockstore.ts'
import { Hamt } from '../../ipld/hamt/hamt.ts'
import { StateTree } from '../state/state-tree.ts'
import { AccountStateCodec } from './account/state.ts'
import { type ActorKind, CODE_CIDS } from './code-cids.ts'
import { CronStateCodec } from './cron/actor.ts'
import { INIT_HAMT_BIT_WIDTH, InitStateCodec } from './init/state.ts'
import { initialPowerState, PowerMethod } from './power/actor.ts'
import { PowerStateCodec } from './power/state.ts'
import { DEFAULT_REWARD_SCHEDULE, type RewardSchedule } from './reward/schedule.ts'
import { initialRewardState, RewardStateCodec } from './reward/state.ts'
import {
  BURNT_FUNDS_ACTOR_ADDR,
  CRON_ACTOR_ADDR,
  FIRST_NON_SINGLETON_ID,
  INIT_ACTOR_ADDR,
  REWARD_ACTOR_ADDR,
  STORAGE_POWER_ACTOR_ADDR,
  SYSTEM_ACTOR_ADDR,
} from './singletons.ts'
import { SystemStateCodec } from './system/actor.ts'
import { Address as Addr } from '../../core/address.ts'

export interface GenesisAccount {
  /** A key address (f1 or f3). */
  address: Address
  /** attoFIL */
  balance: bigint
}

export interface GenesisOptions {
  networkName: string
  accounts: GenesisAccount[]
  /** The reward actor's balance, from which block rewards are paid. Default 1.1e9 FIL (mainnet's mining allocation). */
  rewardPool?: bigint
  rewardSchedule?: RewardSchedule
}

export interface GenesisState {
  stateRoot: CID
  /** The ID assigned to each account, in the order given. */
  accountIds: Address[]
}

export const DEFAULT_REWARD_POOL = 1_100_000_000n * FIL_PRECISION

export async function buildGenesisState(store: Blockstore, opts: GenesisOptions): Promise<GenesisState> {
  const tree = await StateTree.create(store)
  const put = async <T>(addr: Address, kind: ActorKind, codec: Codec<T>, state: T, balance = 0n): Promise<void> => {
    const head = await putCbor(store, codec.toCbor(state))
    const actor: Actor = { code: CODE_CIDS[kind], head, nonce: 0n, balance, delegatedAddress: null }
    await tree.setActor(addr, actor)
  }

  const addressMap = Hamt.create(store, { bitWidth: INIT_HAMT_BIT_WIDTH })
  const seen = new Set<string>()
  const accountIds: Address[] = []
  let nextId = FIRST_NON_SINGLETON_ID
  for (const a of opts.accounts) {
    if (a.address.protocol !== Protocol.SECP256K1 && a.address.protocol !== Protocol.BLS)
      throw new InvalidError(`genesis: account ${a.address} is not a key address (f1/f3)`)
    if (a.balance < 0n) throw new InvalidError(`genesis: account ${a.address} has a negative balance`)
    if (seen.has(a.address.key)) throw new InvalidError(`genesis: account ${a.address} is listed twice`)
    seen.add(a.address.key)
    await addressMap.set(a.address.bytes, nextId)
    accountIds.push(Addr.fromId(nextId))
    nextId++
  }

  await put(SYSTEM_ACTOR_ADDR, 'system', SystemStateCodec, {})
  await put(INIT_ACTOR_ADDR, 'init', InitStateCodec, {
    addressMap: await addressMap.flush(),
    nextId,
    networkName: opts.networkName,
  })
  const schedule = opts.rewardSchedule ?? DEFAULT_REWARD_SCHEDULE
  const pool = opts.rewardPool ?? DEFAULT_REWARD_POOL
  if (pool < 0n) throw new InvalidError('genesis: negative reward pool')
  await put(REWARD_ACTOR_ADDR, 'reward', RewardStateCodec, initialRewardState(schedule, 0n), pool)
  await put(CRON_ACTOR_ADDR, 'cron', CronStateCodec, {
    entries: [{ receiver: STORAGE_POWER_ACTOR_ADDR, methodNum: BigInt(PowerMethod.OnEpochTickEnd) }],
  })
  await put(STORAGE_POWER_ACTOR_ADDR, 'storagepower', PowerStateCodec, await initialPowerState({ store }))
  await put(BURNT_FUNDS_ACTOR_ADDR, 'account', AccountStateCodec, { address: BURNT_FUNDS_ACTOR_ADDR })
  for (const [i, a] of opts.accounts.entries())
    await put(accountIds[i]!, 'account', AccountStateCodec, { address: a.address }, a.balance)
  return { stateRoot: await tree.flush(), accountIds }
}
