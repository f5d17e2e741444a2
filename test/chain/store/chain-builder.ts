/** Test helper: headers and tipsets with just enough structure for the chain store, mpool and fork choice. */
import { Address } from '../../../src/core/address.ts'
import type { BlockHeader } from '../../../src/core/block-header.ts'
import { type CID, parseCid } from '../../../src/core/cid.ts'
import { msgMetaCid } from '../../../src/core/msg-meta.ts'
import { TipSet } from '../../../src/core/tipset.ts'

/** The empty AMT v0 (chain.md §1.4). */
export const EMPTY_AMT_V0: CID = parseCid('bafy2bzacedswlcz5ddgqnyo3sak3jmhmkxashisnlpq6ujgyhe4mlobzpnhs6')
/** The MsgMeta of a block without messages (store it with `putBlockMessages({ bls: [], secp: [] })`). */
export const EMPTY_MSG_META: CID = msgMetaCid({ blsMessages: EMPTY_AMT_V0, secpkMessages: EMPTY_AMT_V0 })
/** Lotus's fixed genesis parent. */
export const GENESIS_PARENT: CID = parseCid('bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi')

export function header(over: Partial<BlockHeader> = {}): BlockHeader {
  return {
    miner: Address.fromId(1000),
    ticket: { vrfProof: new Uint8Array([0]) },
    electionProof: { winCount: 1, vrfProof: new Uint8Array([1]) },
    beaconEntries: [],
    winPoStProof: [],
    parents: [GENESIS_PARENT],
    parentWeight: 0n,
    height: 0,
    parentStateRoot: EMPTY_AMT_V0,
    parentMessageReceipts: EMPTY_AMT_V0,
    messages: EMPTY_MSG_META,
    blsAggregate: null,
    timestamp: 1_700_000_000,
    blockSig: null,
    forkSignaling: 0n,
    parentBaseFee: 100_000_000n,
    ...over,
  }
}

export function genesisTipSet(): TipSet {
  return TipSet.create([header({ miner: Address.fromId(0) })])
}

export interface ChildOptions {
  /** Epochs after the parent (1 = no null rounds). */
  gap?: number
  miner?: number
  /** Distinguishes sibling blocks / forks. */
  ticket?: number
  messages?: CID
  weight?: bigint
}

/** A block mined on `parent`. */
export function childBlock(parent: TipSet, o: ChildOptions = {}): BlockHeader {
  const gap = o.gap ?? 1
  return header({
    miner: Address.fromId(o.miner ?? 1000),
    ticket: { vrfProof: new Uint8Array([o.ticket ?? 0, parent.height & 0xff]) },
    parents: [...parent.cids],
    height: parent.height + gap,
    parentWeight: o.weight ?? parent.parentWeight + 10n,
    timestamp: parent.minTimestamp + 4 * gap,
    messages: o.messages ?? EMPTY_MSG_META,
  })
}

/** A one-block tipset on `parent`. */
export function child(parent: TipSet, o: ChildOptions = {}): TipSet {
  return TipSet.create([childBlock(parent, o)])
}
