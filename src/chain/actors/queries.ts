/**
 * Read-only questions about a state tree that consensus, the mpool and the API ask (the integrator builds
 * consensus's `StateView` from these): an account's key address, a miner's claim and eligibility, the
 * network's power, the network name.
 */
import type { Address } from '../../core/address.ts'
import { Protocol } from '../../core/address.ts'
import { type Codec, decode } from '../../core/codec.ts'
import { NotFoundError } from '../../util/errors.ts'
import { getOrThrow } from '../../ipld/blockstore.ts'
import type { StateTree } from '../state/state-tree.ts'
import type { ChainPolicy } from '../vm/runtime.ts'
import { AccountStateCodec } from './account/state.ts'
import { isAccountCode } from './code-cids.ts'
import { InitStateCodec } from './init/state.ts'
import { readClaim } from './power/claims.ts'
import {
  type Claim,
  claimMeetsConsensusMinimum,
  currentTotalPower,
  type PowerState,
  PowerStateCodec,
} from './power/state.ts'
import { INIT_ACTOR_ADDR, STORAGE_POWER_ACTOR_ADDR } from './singletons.ts'

export async function actorState<T>(tree: StateTree, addr: Address, codec: Codec<T>): Promise<T> {
  const act = await tree.getActor(addr)
  if (!act) throw new NotFoundError(`state: no actor at ${addr}`)
  return decode(codec, await getOrThrow(tree.store, act.head))
}

/** The key address (f1/f3) behind an account; key addresses are returned as they are. */
export async function accountKey(tree: StateTree, addr: Address): Promise<Address> {
  if (addr.protocol === Protocol.SECP256K1 || addr.protocol === Protocol.BLS) return addr
  const act = await tree.getActor(addr)
  if (!act) throw new NotFoundError(`state: no actor at ${addr}`)
  if (!isAccountCode(act.code)) throw new NotFoundError(`state: ${addr} is not an account, it has no key address`)
  return decode(AccountStateCodec, await getOrThrow(tree.store, act.head)).address
}

export function powerState(tree: StateTree): Promise<PowerState> {
  return actorState(tree, STORAGE_POWER_ACTOR_ADDR, PowerStateCodec)
}

/** The miner's claim, or undefined when the power actor has none (not a miner). */
export async function minerClaim(tree: StateTree, miner: Address): Promise<Claim | undefined> {
  const id = await tree.lookupId(miner)
  return id ? readClaim(tree.store, await powerState(tree), id) : undefined
}

/** The network's power as consensus counts it (see power/state.ts `currentTotalPower`). */
export async function networkPower(tree: StateTree, policy: ChainPolicy): Promise<{ raw: bigint; qa: bigint }> {
  return currentTotalPower(policy, await powerState(tree))
}

/** Whether the miner may win blocks; false when it has no claim. */
export async function minerEligible(tree: StateTree, policy: ChainPolicy, miner: Address): Promise<boolean> {
  const st = await powerState(tree)
  const id = await tree.lookupId(miner)
  const claim = id && (await readClaim(tree.store, st, id))
  return claim ? claimMeetsConsensusMinimum(policy, st, claim) : false
}

/** The network name the Init actor holds. */
export async function networkName(tree: StateTree): Promise<string> {
  return (await actorState(tree, INIT_ACTOR_ADDR, InitStateCodec)).networkName
}
