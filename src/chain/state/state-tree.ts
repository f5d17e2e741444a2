/**
 * The state tree (`lotus:chain/state/statetree.go`): a HAMT of actors keyed by ID-address bytes, under a
 * StateRoot `[5, Actors, Info]`. Key addresses (f1/f2/f3) resolve to IDs through the Init actor's address
 * map. Changes are kept in layers above the HAMT: `snapshot()` opens a layer, `revert()` empties the top
 * layer, `clearSnapshot()` merges it into the one below — the VM wraps every call in a snapshot so a failed
 * call leaves no trace. `flush()` writes the changes into the HAMT and returns the new StateRoot CID.
 */
import { type Actor, ActorCodec } from '../../core/actor.ts'
import { Address, Protocol } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import { decode } from '../../core/codec.ts'
import { asU64 } from '../../core/cbor/read.ts'
import { InvalidError, NotFoundError } from '../../util/errors.ts'
import { type Blockstore, getCbor, getOrThrow, putCbor } from '../../ipld/blockstore.ts'
import { Hamt } from '../../ipld/hamt/hamt.ts'
import { INIT_HAMT_BIT_WIDTH, type InitState, InitStateCodec, initMapNewAddress } from '../actors/init/state.ts'
import { INIT_ACTOR_ADDR } from '../actors/singletons.ts'
import { STATE_TREE_VERSION, StateRootCodec } from './state-root.ts'

/** Bit width of the actors HAMT. */
export const STATE_TREE_HAMT_BIT_WIDTH = 5

interface Entry {
  addr: Address
  /** null: deleted in this layer. */
  actor: Actor | null
}

export class StateTree {
  /** Change layers, bottom first; there is always at least one. */
  private layers: Map<string, Entry>[] = [new Map()]
  /** Decoded actors of the flushed HAMT (actors are never mutated in place). */
  private readonly clean = new Map<string, Actor | undefined>()
  /** The Init address map last loaded, with the lookups made against it, while Init's head is unchanged. */
  private initView?: { head: string; map: Hamt; ids: Map<string, Address | undefined> }

  private constructor(
    readonly store: Blockstore,
    private readonly hamt: Hamt,
    private readonly info: CID,
  ) {}

  /** An empty tree (no actors). */
  static async create(store: Blockstore): Promise<StateTree> {
    const info = await putCbor(store, [])
    return new StateTree(store, Hamt.create(store, { bitWidth: STATE_TREE_HAMT_BIT_WIDTH }), info)
  }

  /** Loads the tree a StateRoot CID names (state tree version 5). */
  static async load(store: Blockstore, root: CID): Promise<StateTree> {
    const sr = StateRootCodec.fromCbor(await getCbor(store, root))
    if (sr.version !== STATE_TREE_VERSION)
      throw new InvalidError(`state root ${root}: state tree version ${sr.version} is not supported (only 5)`)
    const hamt = await Hamt.load(store, sr.actors, { bitWidth: STATE_TREE_HAMT_BIT_WIDTH })
    return new StateTree(store, hamt, sr.info)
  }

  private async getById(id: Address): Promise<Actor | undefined> {
    const key = id.key
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const e = this.layers[i]!.get(key)
      if (e) return e.actor ?? undefined
    }
    if (this.clean.has(key)) return this.clean.get(key)
    const v = await this.hamt.get(id.bytes)
    const actor = v === undefined ? undefined : ActorCodec.fromCbor(v, `actor ${id}`)
    this.clean.set(key, actor)
    return actor
  }

  private put(id: Address, actor: Actor | null): void {
    this.layers[this.layers.length - 1]!.set(id.key, { addr: id, actor })
  }

  /** The ID address of `addr` (itself for an ID address), or undefined when no actor has it. */
  async lookupId(addr: Address): Promise<Address | undefined> {
    if (addr.protocol === Protocol.ID) return addr
    const init = await this.getById(INIT_ACTOR_ADDR)
    if (!init) return undefined
    const head = init.head.toString()
    if (this.initView?.head !== head) {
      const map = await Hamt.load(this.store, (await this.initState(init)).addressMap, {
        bitWidth: INIT_HAMT_BIT_WIDTH,
      })
      this.initView = { head, map, ids: new Map() }
    }
    const view = this.initView
    if (view.ids.has(addr.key)) return view.ids.get(addr.key)
    const v = await view.map.get(addr.bytes)
    const id = v === undefined ? undefined : Address.fromId(asU64(v, 'InitState.AddressMap value'))
    view.ids.set(addr.key, id)
    return id
  }

  private async initState(init: Actor): Promise<InitState> {
    return decode(InitStateCodec, await getOrThrow(this.store, init.head))
  }

  /** The actor at `addr` (any protocol), or undefined. */
  async getActor(addr: Address): Promise<Actor | undefined> {
    const id = await this.lookupId(addr)
    return id ? this.getById(id) : undefined
  }

  /** Sets the actor at `addr`; a key address must already be mapped to an ID. */
  async setActor(addr: Address, actor: Actor): Promise<void> {
    const id = await this.lookupId(addr)
    if (!id) throw new NotFoundError(`state tree: no ID for address ${addr}; register it first`)
    this.put(id, actor)
  }

  /** Removes the actor at `addr`; throws NotFoundError when there is none. */
  async deleteActor(addr: Address): Promise<void> {
    const id = await this.lookupId(addr)
    if (!id || !(await this.getById(id))) throw new NotFoundError(`state tree: no actor at ${addr} to delete`)
    this.put(id, null)
  }

  /** Gives `addr` (a key or actor address) the next ID from the Init actor (`RegisterNewAddress`). */
  async registerNewAddress(addr: Address): Promise<Address> {
    const init = await this.getById(INIT_ACTOR_ADDR)
    if (!init) throw new NotFoundError('state tree: no Init actor to register addresses with')
    const { state, id } = await initMapNewAddress(this.store, await this.initState(init), addr)
    const head = await putCbor(this.store, InitStateCodec.toCbor(state))
    this.put(INIT_ACTOR_ADDR, { ...init, head })
    return Address.fromId(id)
  }

  /** Opens a change layer. */
  snapshot(): void {
    this.layers.push(new Map())
  }

  /** Drops the changes made since the last `snapshot()` (the layer stays open). */
  revert(): void {
    if (this.layers.length < 2) throw new InvalidError('state tree: revert without a snapshot')
    this.layers[this.layers.length - 1] = new Map()
  }

  /** Closes the last snapshot, keeping its changes. */
  clearSnapshot(): void {
    if (this.layers.length < 2) throw new InvalidError('state tree: clearSnapshot without a snapshot')
    const top = this.layers.pop()!
    const below = this.layers[this.layers.length - 1]!
    for (const [k, e] of top) below.set(k, e)
  }

  /** Open snapshots (0 when none). */
  get depth(): number {
    return this.layers.length - 1
  }

  /** Writes all changes and returns the StateRoot CID; no snapshot may be open. */
  async flush(): Promise<CID> {
    if (this.layers.length !== 1) throw new InvalidError(`state tree: flush with ${this.depth} open snapshot(s)`)
    for (const [key, { addr, actor }] of this.layers[0]!) {
      if (actor) await this.hamt.set(addr.bytes, ActorCodec.toCbor(actor))
      else await this.hamt.delete(addr.bytes)
      this.clean.set(key, actor ?? undefined)
    }
    this.layers = [new Map()]
    const actors = await this.hamt.flush()
    return putCbor(this.store, StateRootCodec.toCbor({ version: STATE_TREE_VERSION, actors, info: this.info }))
  }

  /** Every actor with its ID address (flushed state plus pending changes), in no fixed order. */
  async *actors(): AsyncGenerator<[Address, Actor]> {
    const merged = new Map<string, Entry>()
    for (const layer of this.layers) for (const [k, e] of layer) merged.set(k, e)
    for await (const [k, v] of this.hamt.entries()) {
      const addr = Address.fromBytes(k)
      if (merged.has(addr.key)) continue
      yield [addr, ActorCodec.fromCbor(v, `actor ${addr}`)]
    }
    for (const { addr, actor } of merged.values()) if (actor) yield [addr, actor]
  }
}
