/**
 * The block intake (Lotus `ChainSyncer.InformNewBlock` + `ValidateBlock` + `SyncSubmitBlock`): a block
 * with its messages (given, or in the store by CID) is checked against every consensus rule on its known
 * parent tipset; a valid one is stored, joins the other valid blocks of its height and parents into one
 * tipset, and that tipset becomes the head if it is heavier. A known block is refused as a duplicate, a
 * block with unknown parents is refused naming them, an invalid one is remembered with its reason (the
 * bad-block cache). A rejection writes nothing: the header, its messages, the head and the indices stay.
 * Blocks are taken one at a time.
 */
import { type BlockHeader, blockHeaderCid } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import type { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { errorMessage, InvalidError, LotusError, NotFoundError } from '../../util/errors.ts'
import { logger } from '../../util/log.ts'
import { ALLOWABLE_CLOCK_DRIFT_SECS } from '../consensus/header-checks.ts'
import { tipsetWeightOf } from '../mining/create-block.ts'
import type { BlockMsg } from '../../core/mining.ts'
import type { BlockMessageLists } from '../store/msg-meta.ts'
import { BadBlockCache } from './bad-blocks.ts'
import { checkListed, loadListedMessages, msgMetaOf } from './block-messages.ts'
import { validateBlock, type ValidatorDeps } from './block-validator.ts'
import { TipSetGroups } from './tipset-groups.ts'

export type SyncerDeps = ValidatorDeps

export interface SyncerOptions {
  /** Blocks remembered as bad. Default Lotus's 2^15. */
  badBlockCacheSize?: number
}

/** A block as submitted: its BlockMsg, and its messages when the caller has them (else they are in the store). */
export interface IncomingBlock extends BlockMsg {
  messages?: BlockMessageLists
}

export interface Accepted {
  cid: CID
  /** The tipset the block now belongs to (with every valid block of its height and parents). */
  tipset: TipSet
  weight: bigint
  /** Whether that tipset became the head. */
  head: boolean
}

const log = logger('sync')

export class Syncer {
  private readonly bad: BadBlockCache
  private readonly groups = new TipSetGroups()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly deps: SyncerDeps,
    opts: SyncerOptions = {},
  ) {
    this.bad = new BadBlockCache(opts.badBlockCacheSize)
  }

  /** Why a block was marked bad; the empty string when it was not (SyncCheckBad). */
  checkBad(cid: CID): string {
    return this.bad.has(cid) ?? ''
  }

  /** Validates and adds a block (SyncSubmitBlock); InvalidError/NotFoundError name why it was refused. */
  submit(blk: IncomingBlock): Promise<Accepted> {
    const next = this.queue.then(() => this.take(blk))
    this.queue = next.catch(() => {})
    return next
  }

  private async take(blk: IncomingBlock): Promise<Accepted> {
    const { sm } = this.deps
    const chain = sm.chain
    const h = blk.header
    const cid = blockHeaderCid(h)
    const bad = this.bad.has(cid)
    if (bad !== undefined) throw new InvalidError(`block ${cid} was marked bad: ${bad}`)
    if (this.groups.has(cid) || (await chain.hasBlockHeader(cid))) throw new InvalidError(`block ${cid} already known`)
    const now = this.deps.now()
    if (h.timestamp > now + ALLOWABLE_CLOCK_DRIFT_SECS)
      throw new InvalidError(
        `block ${cid} was from the future (now=${Math.floor(now)}, blk=${h.timestamp}, allowed drift ${ALLOWABLE_CLOCK_DRIFT_SECS} s)`,
      )
    const parent = await this.loadParent(cid, h)
    const msgs = await this.messagesOf(cid, blk)
    try {
      await validateBlock(this.deps, parent, h, msgs)
    } catch (err) {
      throw this.markBad(cid, err)
    }
    await chain.putBlockMessages(msgs)
    await chain.putBlockHeader(h)
    const tipset = this.groups.add(h)
    const weight = await tipsetWeightOf(sm, tipset)
    let head = false
    try {
      head = await chain.maybeTakeHeavierTipSet(tipset, weight)
    } catch (err) {
      log.warn('valid block not adopted', { block: cid.toString(), error: errorMessage(err) })
    }
    const cur = chain.getHead()
    if (cur) this.groups.prune(cur.height - sm.opts.profile.finality)
    log.info('block accepted', { block: cid.toString(), height: h.height, blocks: tipset.blocks.length, head })
    return { cid, tipset, weight, head }
  }

  /**
   * The block's messages, checked against its header's MsgMeta. Messages that do not match are refused
   * without marking the block bad: the header is not at fault (Lotus `ValidateMsgMeta`).
   */
  private async messagesOf(cid: CID, blk: IncomingBlock): Promise<BlockMessageLists> {
    let msgs: BlockMessageLists
    try {
      msgs = blk.messages ?? (await loadListedMessages(this.deps.sm.chain, blk.blsMessages, blk.secpkMessages))
      if (blk.messages) checkListed(msgs, blk.blsMessages, blk.secpkMessages)
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError(`block ${cid}: ${errorMessage(err)}`)
      if (err instanceof LotusError) throw new InvalidError(`block ${cid}: ${errorMessage(err)}`)
      throw err
    }
    const meta = await msgMetaOf(msgs)
    if (!meta.equals(blk.header.messages))
      throw new InvalidError(
        `block ${cid}: the messages given didn't match message root in header (${meta} != ${blk.header.messages})`,
      )
    return msgs
  }

  private async loadParent(cid: CID, h: BlockHeader): Promise<TipSet> {
    const key = new TipSetKey(h.parents)
    for (const p of h.parents) {
      const why = this.bad.has(p)
      // Lotus: a block on a bad block is bad ("chain contained" the bad one)
      if (why !== undefined) throw this.markBad(cid, new InvalidError(`its parent ${p} is bad (${why})`))
    }
    try {
      return await this.deps.sm.chain.loadTipSet(key)
    } catch (err) {
      if (err instanceof NotFoundError)
        throw new NotFoundError(`block ${cid}: its parent tipset ${key} is unknown (${errorMessage(err)})`)
      if (err instanceof LotusError)
        throw new InvalidError(`block ${cid}: its parents ${key} are not a tipset (${errorMessage(err)})`)
      throw err
    }
  }

  /** Remembers a block as bad when the error is a typed refusal; returns the error to throw. */
  private markBad(cid: CID, err: unknown): unknown {
    if (!(err instanceof LotusError)) return err
    const reason = errorMessage(err)
    this.bad.add(cid, reason)
    log.warn('block refused', { block: cid.toString(), reason })
    return new InvalidError(`block ${cid} is invalid: ${reason}`, { cause: err })
  }
}
