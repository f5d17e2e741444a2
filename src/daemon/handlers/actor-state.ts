/** StateReadState's decoders: each builtin actor kind's state codec, keyed by kind (the JSON is Lotus's). */
import { AccountStateCodec } from '../../chain/actors/account/state.ts'
import { type ActorKind, actorKindOf } from '../../chain/actors/code-cids.ts'
import { CronStateCodec } from '../../chain/actors/cron/actor.ts'
import { InitStateCodec } from '../../chain/actors/init/state.ts'
import { MinerStateCodec } from '../../chain/actors/miner/state.ts'
import { PowerStateCodec } from '../../chain/actors/power/state.ts'
import { RewardStateCodec } from '../../chain/actors/reward/state.ts'
import { SystemStateCodec } from '../../chain/actors/system/actor.ts'
import type { StateTree } from '../../chain/state/state-tree.ts'
import type { Actor } from '../../core/actor.ts'
import type { Address } from '../../core/address.ts'
import { type Codec, decode } from '../../core/codec.ts'
import { getOrThrow } from '../../ipld/blockstore.ts'
import { NotFoundError } from '../../util/errors.ts'
import type { ActorStateJson } from '../../api/full/chain-codecs.ts'

const STATE_CODECS: Partial<Record<ActorKind, Codec<unknown>>> = {
  system: SystemStateCodec as Codec<unknown>,
  init: InitStateCodec as Codec<unknown>,
  reward: RewardStateCodec as Codec<unknown>,
  cron: CronStateCodec as Codec<unknown>,
  storagepower: PowerStateCodec as Codec<unknown>,
  account: AccountStateCodec as Codec<unknown>,
  storageminer: MinerStateCodec as Codec<unknown>,
}

/** The actor's balance, code and state as JSON; NotFoundError when there is no actor or no decoder. */
export async function readActorState(tree: StateTree, addr: Address): Promise<ActorStateJson> {
  const act: Actor | undefined = await tree.getActor(addr)
  if (!act) throw new NotFoundError(`resolution lookup failed (${addr}): actor not found`)
  const kind = actorKindOf(act.code)
  const codec = kind && STATE_CODECS[kind]
  if (!codec) throw new NotFoundError(`state of ${addr}: no decoder for actor code ${act.code} (${kind ?? 'unknown'})`)
  const state = decode(codec, await getOrThrow(tree.store, act.head))
  return { balance: act.balance, code: act.code, state: codec.toJson(state) }
}
