/**
 * consensus's StateView over a state root that may still be computing: every query awaits the root, loads
 * the state tree once, and reads actors through chain/actors/queries.ts.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import { NotFoundError } from '../../util/errors.ts'
import { ActorKind, actorKindOf } from '../actors/code-cids.ts'
import { minerInfo } from '../actors/miner/queries.ts'
import { accountKey, minerClaim, minerEligible, networkPower } from '../actors/queries.ts'
import type { PowerClaim, StateView } from '../consensus/state-view.ts'
import { StateTree } from '../state/state-tree.ts'
import type { ChainPolicy } from '../vm/policy.ts'

export class TreeStateView implements StateView {
  private tree: Promise<StateTree> | undefined

  constructor(
    private readonly store: Blockstore,
    private readonly root: () => Promise<CID>,
    private readonly policy: ChainPolicy,
  ) {}

  /** The state tree (loaded once). */
  load(): Promise<StateTree> {
    this.tree ??= this.root().then((r) => StateTree.load(this.store, r))
    return this.tree
  }

  async actorNonce(addr: Address): Promise<bigint> {
    return (await (await this.load()).getActor(addr))?.nonce ?? 0n
  }

  async actorBalance(addr: Address): Promise<bigint> {
    return (await (await this.load()).getActor(addr))?.balance ?? 0n
  }

  async minerPower(miner: Address): Promise<PowerClaim | undefined> {
    const c = await minerClaim(await this.load(), miner)
    return c && { rawBytePower: c.rawBytePower, qualityAdjPower: c.qualityAdjPower }
  }

  async totalPower(): Promise<PowerClaim> {
    const p = await networkPower(await this.load(), this.policy)
    return { rawBytePower: p.raw, qualityAdjPower: p.qa }
  }

  async minerEligible(miner: Address): Promise<boolean> {
    return minerEligible(await this.load(), this.policy, miner)
  }

  /** The miner's worker (from its MinerInfo) resolved to its key address. */
  async minerWorkerKey(miner: Address): Promise<Address> {
    const tree = await this.load()
    const act = await tree.getActor(miner)
    if (!act) throw new NotFoundError(`state: no actor at ${miner}`)
    if (actorKindOf(act.code) !== ActorKind.Miner) throw new NotFoundError(`state: ${miner} is not a storage miner`)
    return accountKey(tree, (await minerInfo(this.store, act.head)).worker)
  }

  async accountKey(addr: Address): Promise<Address> {
    return accountKey(await this.load(), addr)
  }
}
