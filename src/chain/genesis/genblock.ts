/**
 * The genesis block (`lotus:chain/gen/genesis/genesis.go` MakeGenesisBlock): miner f00, height 0, a random
 * 32-byte ticket, an empty election proof, the one beacon entry {0, the beacon's public key or 32 zero bytes}, no signatures, the
 * initial base fee, empty AMT v0 roots for messages and receipts, and as its only parent the fixed
 * "Filecoin genesis block" of `genblock.go` (a DAG-CBOR map, CID with SHA2-256), which is stored too.
 */
import { randomBytes } from 'node:crypto'
import { sha256 } from '@noble/hashes/sha2.js'
import { create as createDigest } from 'multiformats/hashes/digest'
import { type BlockHeader, blockHeaderBytes } from '../../core/block-header.ts'
import { CID, DAG_CBOR, cidOfBytes } from '../../core/cid.ts'
import { MsgMetaCodec } from '../../core/msg-meta.ts'
import { type Blockstore, putCbor } from '../../ipld/blockstore.ts'
import { amtFromArray } from '../../ipld/amt/amt.ts'
import { fromHex } from '../../util/bytes.ts'
import { InvalidError } from '../../util/errors.ts'
import { buildGenesisState } from '../actors/genesis-state.ts'
import { SYSTEM_ACTOR_ADDR } from '../actors/singletons.ts'
import type { ChainPolicy } from '../vm/policy.ts'
import { genesisMinerFromJson } from './miner.ts'
import { addGenesisMiners } from './miners.ts'
import { accountOwner, type GenesisTemplate } from './template.ts'

/** Lotus `buildconstants.InitialBaseFee`. */
export const GENESIS_BASE_FEE = 100_000_000n

const FIXED_PARENT_HEX =
  'a5684461746574696d6573323031372d30352d30352030313a32373a3531674e6574776f726b6846696c65636f696e65546f6b656e' +
  '6846696c65636f696e6c546f6b656e416d6f756e7473a36b546f74616c537570706c796d322c3030302c3030302c303030664d696e' +
  '6572736d312c3430302c3030302c3030306c50726f746f636f6c4c616273a36b446576656c6f706d656e746b3330302c3030302c30' +
  '30306b46756e6472616973696e676b3230302c3030302c3030306a466f756e646174696f6e6b3130302c3030302c303030674d6573' +
  '73616765784854686973206973207468652047656e6573697320426c6f636b206f66207468652046696c65636f696e20446563656e' +
  '7472616c697a65642053746f72616765204e6574776f726b2e'

/** The CID every Filecoin genesis names as its parent. */
export const FILECOIN_GENESIS_PARENT_CID = CID.parse('bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi')

/** The fixed parent block's bytes and CID (SHA2-256, DAG-CBOR), checked against the known CID. */
export function fixedGenesisParent(): { cid: CID; bytes: Uint8Array } {
  const bytes = fromHex(FIXED_PARENT_HEX)
  const cid = CID.createV1(DAG_CBOR, createDigest(0x12, sha256(bytes)))
  if (!cid.equals(FILECOIN_GENESIS_PARENT_CID)) throw new InvalidError(`fixed genesis parent hashes to ${cid}`)
  return { cid, bytes }
}

export interface MadeGenesis {
  header: BlockHeader
  cid: CID
  /** The ID address given to each template account, in order. */
  accountIds: string[]
}

export interface MakeGenesisOptions {
  /** The 32-byte ticket; default random, as Lotus. */
  ticket?: Uint8Array
  /** Used when the template's Timestamp is 0. Default: now. */
  now?: () => number
  /**
   * The local beacon's BLS public key, carried as the round-0 beacon entry (chain/beacon/local-beacon.ts).
   * Default: Lotus's 32 zero bytes, a chain without a beacon.
   */
  beaconPublicKey?: Uint8Array
  /** The network's policy (the miners' proving periods follow it). Default: the devnet's. */
  policy?: ChainPolicy
}

/** Builds the genesis state and block from a template into `store`; returns the header and its CID. */
export async function makeGenesisBlock(
  store: Blockstore,
  template: GenesisTemplate,
  opts: MakeGenesisOptions = {},
): Promise<MadeGenesis> {
  const accounts = template.accounts.map((a, i) => {
    const where = `genesis template: Accounts[${i}]`
    if (a.type !== 'account') throw new InvalidError(`${where}: ${a.type} actors are not supported yet`)
    return { address: accountOwner(a, where), balance: a.balance }
  })
  const miners = template.miners.map((m, i) => genesisMinerFromJson(m, `genesis template: Miners[${i}]`))
  // miner owners and workers get an empty account unless the template funds one (as Lotus)
  const known = new Set(accounts.map((a) => a.address.key))
  for (const m of miners)
    for (const address of [m.owner, m.worker])
      if (!known.has(address.key)) {
        known.add(address.key)
        accounts.push({ address, balance: 0n })
      }
  const built = await buildGenesisState(store, { networkName: template.networkName, accounts })
  const stateRoot = await addGenesisMiners(store, built.stateRoot, miners, opts.policy)
  const accountIds = built.accountIds.slice(0, template.accounts.length)
  const empty = await amtFromArray(store, [], { version: 0 })
  const messages = await putCbor(store, MsgMetaCodec.toCbor({ blsMessages: empty, secpkMessages: empty }))
  const parent = fixedGenesisParent()
  await store.put(parent.cid, parent.bytes)
  const ticket = opts.ticket ?? randomBytes(32)
  if (ticket.length !== 32) throw new InvalidError(`genesis ticket must be 32 bytes, got ${ticket.length}`)
  const header: BlockHeader = {
    miner: SYSTEM_ACTOR_ADDR,
    ticket: { vrfProof: ticket },
    electionProof: { winCount: 0, vrfProof: new Uint8Array(0) },
    beaconEntries: [{ round: 0, data: opts.beaconPublicKey ?? new Uint8Array(32) }],
    winPoStProof: [],
    parents: [parent.cid],
    parentWeight: 0n,
    height: 0,
    parentStateRoot: stateRoot,
    parentMessageReceipts: empty,
    messages,
    blsAggregate: null,
    timestamp: template.timestamp !== 0 ? template.timestamp : Math.floor((opts.now?.() ?? Date.now()) / 1000),
    blockSig: null,
    forkSignaling: 0n,
    parentBaseFee: GENESIS_BASE_FEE,
  }
  const bytes = blockHeaderBytes(header)
  const cid = cidOfBytes(bytes)
  await store.put(cid, bytes)
  return { header, cid, accountIds: accountIds.map((a) => a.toString()) }
}
