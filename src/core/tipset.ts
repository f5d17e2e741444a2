/**
 * A tipset (`lotus:chain/types/tipset.go`): the blocks at one height with identical parents, in canonical
 * order (by blake2b-256 of the ticket's VRF proof, ties by block CID bytes). `TipSet.create` enforces what
 * Lotus's `NewTipSet` enforces: at least one block, every block has a ticket, equal Height, identical Parents.
 * Lotus does not compare ParentStateRoot, ParentMessageReceipts, ParentWeight or ParentBaseFee there (the
 * syncer checks those), so neither does this. CBOR and JSON are Lotus's ExpTipSet `{Cids, Blocks, Height}`.
 */
import { compareBytes } from '../util/bytes.ts'
import { DecodeError, InvalidError, LotusError } from '../util/errors.ts'
import { asTuple } from './cbor/read.ts'
import { type BlockHeader, BlockHeaderCodec, blockHeaderCid } from './block-header.ts'
import { blake2b256, type CID } from './cid.ts'
import { Cid, type Codec, jsonField, jsonWrong, listOf } from './codec.ts'
import { Epoch } from './ints.ts'
import type { Ticket } from './ticket.ts'
import { TipSetKey } from './tipset-key.ts'

export class TipSet {
  readonly blocks: readonly BlockHeader[]
  readonly cids: readonly CID[]
  readonly key: TipSetKey

  private constructor(blocks: BlockHeader[], cids: CID[]) {
    this.blocks = Object.freeze(blocks)
    this.cids = Object.freeze(cids)
    this.key = new TipSetKey(cids)
  }

  /** Validates membership and sorts the blocks canonically (Lotus `NewTipSet`). */
  static create(headers: readonly BlockHeader[]): TipSet {
    if (headers.length === 0) throw new InvalidError('tipset: needs at least one block')
    const withCids = headers.map((h, i) => {
      if (h.ticket === null) throw new InvalidError(`tipset: block ${i} (${blockHeaderCid(h)}) has no ticket`)
      return { h, digest: blake2b256(h.ticket.vrfProof), cid: blockHeaderCid(h) }
    })
    // Lotus tipsetSortFunc: by blake2b-256 of the ticket's VRF proof (Ticket.Less), ties by CID bytes.
    withCids.sort((a, b) => compareBytes(a.digest, b.digest) || compareBytes(a.cid.bytes, b.cid.bytes))
    const first = withCids[0]!.h
    for (const { h, cid } of withCids.slice(1)) {
      if (h.height !== first.height)
        throw new InvalidError(
          `tipset: block ${cid} has height ${h.height}, expected ${first.height} (mismatching heights)`,
        )
      if (h.parents.length !== first.parents.length || h.parents.some((p, i) => !p.equals(first.parents[i])))
        throw new InvalidError(`tipset: block ${cid} has different parents (mismatching parents)`)
    }
    return new TipSet(
      withCids.map((x) => x.h),
      withCids.map((x) => x.cid),
    )
  }

  get height(): number {
    return this.blocks[0]!.height
  }

  /** The parent tipset's key. */
  get parents(): TipSetKey {
    return new TipSetKey(this.blocks[0]!.parents)
  }

  get parentWeight(): bigint {
    return this.blocks[0]!.parentWeight
  }

  get parentState(): CID {
    return this.blocks[0]!.parentStateRoot
  }

  get parentMessageReceipts(): CID {
    return this.blocks[0]!.parentMessageReceipts
  }

  /** The smallest ticket (the first block's, by the sort order). */
  get minTicket(): Ticket {
    return this.blocks[0]!.ticket!
  }

  /** The earliest block timestamp. */
  get minTimestamp(): number {
    return Math.min(...this.blocks.map((b) => b.timestamp))
  }

  contains(cid: CID): boolean {
    return this.cids.some((c) => c.equals(cid))
  }

  equals(other: TipSet): boolean {
    return this.key.equals(other.key)
  }

  toString(): string {
    return this.key.toString()
  }
}

const cidList = listOf(Cid)
const blockList = listOf(BlockHeaderCodec)

/** Checks that a decoded ExpTipSet's Cids and Height agree with its blocks. */
function fromParts(cids: CID[] | null, blocks: BlockHeader[], height: number | null, f: string): TipSet {
  let ts: TipSet
  try {
    ts = TipSet.create(blocks)
  } catch (err) {
    if (err instanceof LotusError) throw new DecodeError(`${f}: ${err.message}`, { cause: err })
    throw err
  }
  if (height !== null && height !== ts.height)
    throw new DecodeError(`${f}.Height: ${height} differs from the blocks' height ${ts.height}`)
  if (cids !== null && (cids.length !== ts.cids.length || cids.some((c, i) => !c.equals(ts.cids[i]))))
    throw new DecodeError(`${f}.Cids: do not match the blocks' CIDs in canonical order`)
  return ts
}

/** Lotus ExpTipSet: CBOR `[Cids, Blocks, Height]`, JSON `{Cids, Blocks, Height}`. */
export const TipSetCodec: Codec<TipSet> = {
  name: 'TipSet',
  toCbor: (ts) => [[...ts.cids], ts.blocks.map((b) => BlockHeaderCodec.toCbor(b)), ts.height],
  fromCbor: (v, f = 'TipSet') => {
    const [cids, blocks, height] = asTuple(v, 3, f)
    return fromParts(
      cidList.fromCbor(cids!, `${f}.Cids`),
      blockList.fromCbor(blocks!, `${f}.Blocks`),
      Epoch.fromCbor(height!, `${f}.Height`),
      f,
    )
  },
  toJson: (ts) => ({
    Cids: cidList.toJson([...ts.cids]),
    Blocks: blockList.toJson([...ts.blocks]),
    Height: ts.height,
  }),
  fromJson: (j, f = 'TipSet') => {
    if (typeof j !== 'object' || j === null || Array.isArray(j)) return jsonWrong(f, 'an object', j)
    // Lotus's UnmarshalJSON rebuilds the tipset from Blocks; Cids and Height, when present, must agree.
    const blocks = blockList.fromJson(jsonField(j, 'Blocks', f), `${f}.Blocks`)
    const cids = jsonField(j, 'Cids', f)
    const height = jsonField(j, 'Height', f)
    return fromParts(
      cids === undefined || cids === null ? null : cidList.fromJson(cids, `${f}.Cids`),
      blocks,
      height === undefined ? null : Epoch.fromJson(height, `${f}.Height`),
      f,
    )
  },
}
