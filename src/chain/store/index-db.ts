/**
 * The chain store's own LMDB environment: `meta` (head key, head weight, genesis CID), `heights` (height ->
 * tipset key of the canonical chain, 8-byte big-endian keys so byte order is height order) and `msgs`
 * (message CID -> where it was included). A head change is one transaction: atomic across a kill -9.
 */
import { type Database, open, type RootDatabase } from 'lmdb'
import { type CID, decodeCidBytes } from '../../core/cid.ts'
import type { TipSet } from '../../core/tipset.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { decodeMsgLocation, encodeMsgLocation, heightFromKey, heightKey, type MsgLocation } from './keys.ts'

const HEAD = 'head'
const HEAD_WEIGHT = 'headWeight'
const GENESIS = 'genesis'

export function storageError(what: string, err: unknown): LotusError {
  return new LotusError(ErrorCode.Storage, `chain store: ${what}: ${(err as Error)?.message ?? err}`, { cause: err })
}

const view = (b: Buffer | undefined) =>
  b === undefined ? undefined : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

/** One head change to persist. */
export interface HeadWrite {
  head: TipSet
  weight: bigint
  revert: readonly TipSet[]
  apply: readonly TipSet[]
  /** CIDs of the reverted tipsets' messages (leave the index). */
  removeMsgs: readonly CID[]
  /** Messages of the applied tipsets and where they were included. */
  addMsgs: readonly [CID, MsgLocation][]
}

export class ChainIndexDb {
  private constructor(
    private readonly root: RootDatabase,
    private readonly meta: Database<Uint8Array, string>,
    private readonly heights: Database<Uint8Array, Uint8Array>,
    private readonly msgs: Database<Uint8Array, Uint8Array>,
  ) {}

  static open(path: string): ChainIndexDb {
    const bin = { encoding: 'binary', keyEncoding: 'binary', cache: false, compression: false } as const
    try {
      const root = open({ path, maxDbs: 8, compression: false })
      return new ChainIndexDb(
        root,
        root.openDB<Uint8Array, string>({ name: 'meta', encoding: 'binary', cache: false, compression: false }),
        root.openDB<Uint8Array, Uint8Array>({ name: 'heights', ...bin }),
        root.openDB<Uint8Array, Uint8Array>({ name: 'msgs', ...bin }),
      )
    } catch (err) {
      throw storageError(`cannot open ${path}`, err)
    }
  }

  /** The persisted head key and weight, if any. */
  readHead(): { key: TipSetKey; weight: bigint } | undefined {
    const key = view(this.meta.getBinary(HEAD))
    if (!key) return undefined
    const weight = new TextDecoder().decode(view(this.meta.getBinary(HEAD_WEIGHT)) ?? new Uint8Array())
    return { key: TipSetKey.fromBytes(key), weight: BigInt(weight || '0') }
  }

  async writeGenesis(cid: CID): Promise<void> {
    await this.meta.put(GENESIS, cid.bytes)
  }

  readGenesis(): CID | undefined {
    const b = view(this.meta.getBinary(GENESIS))
    return b && decodeCidBytes(b)
  }

  /** Persists a head change in one transaction. */
  async writeHead(w: HeadWrite): Promise<void> {
    try {
      await this.root.transaction(() => {
        for (const r of w.revert) this.heights.remove(heightKey(r.height))
        for (const c of w.removeMsgs) this.msgs.remove(c.bytes)
        for (const a of w.apply) this.heights.put(heightKey(a.height), a.key.bytes)
        for (const [c, loc] of w.addMsgs) this.msgs.put(c.bytes, encodeMsgLocation(loc))
        this.meta.put(HEAD, w.head.key.bytes)
        this.meta.put(HEAD_WEIGHT, new TextEncoder().encode(w.weight.toString()))
      })
    } catch (err) {
      throw storageError(`set head ${w.head.key}`, err)
    }
  }

  /** The canonical tipset at the greatest height ≤ `height`. */
  atOrBelow(height: number): { height: number; key: TipSetKey } | undefined {
    for (const { key, value } of this.heights.getRange({ start: heightKey(height), reverse: true, limit: 1 }))
      return { height: heightFromKey(key), key: TipSetKey.fromBytes(value) }
    return undefined
  }

  /** The canonical tipset at the smallest height in (height, below). */
  firstAbove(height: number, below: number): TipSetKey | undefined {
    for (const { value } of this.heights.getRange({ start: heightKey(height + 1), end: heightKey(below), limit: 1 }))
      return TipSetKey.fromBytes(value)
    return undefined
  }

  msgLocation(cid: CID): MsgLocation | undefined {
    const v = view(this.msgs.getBinary(cid.bytes))
    return v && decodeMsgLocation(v)
  }

  /** Waits for pending writes and closes the environment. */
  async close(): Promise<void> {
    await this.root.committed
    await this.root.close()
  }
}
