/**
 * The state manager (Lotus `chain/stmgr`): the state after a tipset (computed by executing it on its parent
 * state, cached), state views for consensus and the mpool, actor lookups, and where a message was
 * executed (StateSearchMsg / StateWaitMsg). Calls and gas estimates live in call.ts and gas-estimate.ts.
 */
import type { Actor } from '../../core/actor.ts'
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import { type Receipt, ReceiptCodec } from '../../core/receipt.ts'
import type { SignedMessage } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { TipSetKey } from '../../core/tipset-key.ts'
import { Amt } from '../../ipld/amt/amt.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { NotFoundError } from '../../util/errors.ts'
import { networkName } from '../actors/queries.ts'
import { builtinActors } from '../actors/registry.ts'
import type { MpoolProvider } from '../mpool/provider.ts'
import { StateTree } from '../state/state-tree.ts'
import type { ChainStore } from '../store/chain-store.ts'
import type { ActorRegistry } from '../vm/actor-class.ts'
import { computeTipSetState, type TipSetBlock } from '../vm/compute-tipset-state.ts'
import type { ProofVerifier } from '../vm/externs.ts'
import type { BeaconVerifier } from '../beacon/beacon.ts'
import { LocalBeacon } from '../beacon/local-beacon.ts'
import { ChainRandomness } from '../rand/chain-randomness.ts'
import type { ChainPolicy } from '../vm/policy.ts'
import { networkPolicy } from '../actors/miner/policy.ts'
import type { VmDeps } from '../vm/vm-types.ts'
import { TreeStateView } from './tree-view.ts'

export interface StateManagerDeps {
  chain: ChainStore
  /** Where state trees live (the chain store's blockstore in the daemon). */
  store: Blockstore
  /** Default: the builtin actors. */
  actors?: ActorRegistry
  /** Default: the chain's local beacon as its genesis declares it (beacon/local-beacon.ts). */
  beacon?: BeaconVerifier
  proofs?: ProofVerifier
}

export interface StateManagerOptions {
  profile: NetworkProfile
}

/** The state after a tipset and the receipts of its messages. */
export interface ExecutedTipSet {
  stateRoot: CID
  receiptsRoot: CID
}

/** Where and how a message was executed (Lotus MsgLookup). */
export interface MsgLookup {
  /** The CID the message was found under (signed CID for secp messages). */
  message: CID
  receipt: Receipt
  /** The tipset whose ParentMessageReceipts holds the receipt (the one after the inclusion tipset). */
  tipSet: TipSetKey
  height: number
}

const STATE_CACHE_MAX = 1024

export class StateManager {
  readonly policy: ChainPolicy
  private readonly baseDeps: Omit<VmDeps, 'randomness'>
  private beaconVerifier: Promise<BeaconVerifier> | undefined
  private readonly executed = new Map<string, Promise<ExecutedTipSet>>()

  constructor(
    readonly deps: StateManagerDeps,
    readonly opts: StateManagerOptions,
  ) {
    this.policy = networkPolicy(opts.profile)
    this.baseDeps = {
      store: deps.store,
      actors: deps.actors ?? builtinActors(),
      ...(deps.proofs ? { proofs: deps.proofs } : {}),
    }
  }

  /** The beacon that checks blocks and finds the entries randomness is drawn from. */
  beacon(): Promise<BeaconVerifier> {
    if (this.deps.beacon) return Promise.resolve(this.deps.beacon)
    this.beaconVerifier ??= this.chain
      .getGenesis()
      .then((g) => LocalBeacon.fromGenesis(g, { blockDelaySecs: this.opts.profile.blockDelaySecs }))
    return this.beaconVerifier
  }

  /** The VM's dependencies for executing `ts` (or calling on it): randomness is drawn from its chain. */
  async vmDepsFor(ts: TipSet): Promise<VmDeps> {
    return { ...this.baseDeps, randomness: new ChainRandomness(this.chain, ts, await this.beacon()) }
  }

  get chain(): ChainStore {
    return this.deps.chain
  }

  /** The head; NotFoundError before genesis. */
  head(): TipSet {
    const h = this.chain.getHead()
    if (!h) throw new NotFoundError('chain store has no head (no genesis loaded)')
    return h
  }

  /** The tipset of a key; the empty key means the head. */
  async tipSet(key: TipSetKey): Promise<TipSet> {
    return key.isEmpty ? this.head() : this.chain.loadTipSet(key)
  }

  /**
   * The state after `ts` and its receipts (Lotus `TipSetState`). Genesis is its own parent state; any
   * other tipset is executed on its ParentStateRoot, once (results are cached).
   */
  tipSetState(ts: TipSet): Promise<ExecutedTipSet> {
    const k = ts.key.key
    let p = this.executed.get(k)
    if (!p) {
      p = this.execute(ts)
      if (this.executed.size >= STATE_CACHE_MAX) this.executed.clear()
      this.executed.set(k, p)
      p.catch(() => this.executed.delete(k))
    }
    return p
  }

  private async execute(ts: TipSet): Promise<ExecutedTipSet> {
    if (ts.height === 0) return { stateRoot: ts.parentState, receiptsRoot: ts.parentMessageReceipts }
    const parent = await this.chain.loadTipSet(ts.parents)
    const blocks: TipSetBlock[] = []
    for (const b of ts.blocks) {
      const msgs = await this.chain.messagesForBlock(b)
      blocks.push({
        miner: b.miner,
        winCount: b.electionProof?.winCount ?? 0,
        blsMessages: msgs.bls,
        secpMessages: msgs.secp,
      })
    }
    const r = await computeTipSetState(await this.vmDepsFor(ts), {
      parentStateRoot: ts.parentState,
      parentEpoch: parent.height,
      epoch: ts.height,
      blocks,
      baseFee: ts.blocks[0]!.parentBaseFee,
      policy: this.policy,
    })
    return { stateRoot: r.stateRoot, receiptsRoot: r.receiptsRoot }
  }

  /** The state tree after `ts`. */
  async stateTree(ts: TipSet): Promise<StateTree> {
    return StateTree.load(this.deps.store, (await this.tipSetState(ts)).stateRoot)
  }

  /** A StateView of the state after `ts` (computed on first use). */
  stateView(ts: TipSet): TreeStateView {
    return new TreeStateView(this.deps.store, async () => (await this.tipSetState(ts)).stateRoot, this.policy)
  }

  /** The actor at `addr` after `ts`, or undefined. */
  async getActor(addr: Address, ts: TipSet): Promise<Actor | undefined> {
    return (await this.stateTree(ts)).getActor(addr)
  }

  async lookupId(addr: Address, ts: TipSet): Promise<Address | undefined> {
    return (await this.stateTree(ts)).lookupId(addr)
  }

  async networkName(ts: TipSet): Promise<string> {
    return networkName(await this.stateTree(ts))
  }

  /** The base fee of a block mined on `ts` (its children's ParentBaseFee). */
  baseFee(ts: TipSet): Promise<bigint> {
    return this.chain.computeBaseFee(ts, this.opts.profile)
  }

  /** The mpool's view of the node (`publish` gossips a pushed message, when the node does). */
  mpoolProvider(publish?: (sm: SignedMessage) => void | Promise<void>): MpoolProvider {
    return {
      head: () => this.head(),
      stateAfter: (ts) => this.stateView(ts),
      baseFee: (ts) => this.baseFee(ts),
      loadTipSet: (k) => this.chain.loadTipSet(k),
      messagesForBlock: (h) => this.chain.messagesForBlock(h),
      ...(publish ? { publish } : {}),
    }
  }

  /**
   * Where a message was executed on the canonical chain (Lotus StateSearchMsg): its inclusion tipset from
   * the message index, and its receipt from the next tipset's ParentMessageReceipts. Undefined when the
   * message is not on the chain, or is in the head and so not executed yet.
   */
  async searchMsg(cid: CID): Promise<MsgLookup | undefined> {
    const loc = this.chain.searchMessage(cid)
    if (!loc) return undefined
    const head = this.head()
    if (loc.height >= head.height) return undefined
    // The first tipset above the inclusion height on the canonical chain is the one executing it.
    const child = await this.chain.getTipSetByHeight(loc.height + 1, head, false)
    if (!child.parents.equals(loc.tipset)) return undefined
    const amt = await Amt.load(this.deps.store, child.parentMessageReceipts, { version: 0 })
    const raw = await amt.get(loc.index)
    if (raw === undefined)
      throw new NotFoundError(`receipt ${loc.index} missing from ${child.parentMessageReceipts} (tipset ${child.key})`)
    return {
      message: cid,
      receipt: ReceiptCodec.fromCbor(raw, 'receipt'),
      tipSet: child.key,
      height: child.height,
    }
  }

  /**
   * Waits until the message has been executed and `confidence` more tipsets sit on top of its receipt's
   * tipset (Lotus StateWaitMsg), or `signal` aborts.
   */
  waitMsg(cid: CID, confidence: number, signal?: AbortSignal): Promise<MsgLookup> {
    return new Promise<MsgLookup>((resolve, reject) => {
      let busy = false
      let again = false
      const done = (fn: () => void) => {
        unsubscribe()
        signal?.removeEventListener('abort', onAbort)
        fn()
      }
      const check = async (): Promise<void> => {
        if (busy) {
          again = true
          return
        }
        busy = true
        try {
          do {
            again = false
            const r = await this.searchMsg(cid)
            if (r && this.head().height - r.height >= confidence) return done(() => resolve(r))
          } while (again)
        } catch (err) {
          done(() => reject(err))
        } finally {
          busy = false
        }
      }
      const onAbort = () => done(() => reject(new NotFoundError(`wait for message ${cid} aborted`)))
      const unsubscribe = this.chain.subscribe(() => void check())
      signal?.addEventListener('abort', onAbort, { once: true })
      void check()
    })
  }
}
