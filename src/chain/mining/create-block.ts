/**
 * Block assembly (Lotus `filcns.CreateBlock`): the daemon turns a miner's template into a signed header.
 * The parent tipset is executed for ParentStateRoot and ParentMessageReceipts; ParentWeight is the parent's
 * weight and ParentBaseFee the base fee after it; BLS messages are stored unsigned with their signatures
 * aggregated into BLSAggregate, secp messages stored signed; the MsgMeta names both lists; the worker key
 * of the election lookback signs the header's signing bytes (through `sign`, the node's wallet).
 */
import type { Address } from '../../core/address.ts'
import { type BlockHeader, blockSigningBytes } from '../../core/block-header.ts'
import type { CID } from '../../core/cid.ts'
import { type Message, messageCid } from '../../core/message.ts'
import { type Signature, SigType } from '../../core/signature.ts'
import { type SignedMessage, signedMessageCid } from '../../core/signed-message.ts'
import type { TipSet } from '../../core/tipset.ts'
import { aggregateSignatures } from '../../crypto/bls.ts'
import { InvalidError } from '../../util/errors.ts'
import { weightOf } from '../consensus/weight.ts'
import { TreeStateView } from '../state-manager/tree-view.ts'
import type { StateManager } from '../state-manager/state-manager.ts'
import { lookbackStateRoot } from './lookback-state.ts'
import type { BlockMsg, BlockTemplate } from '../../core/mining.ts'

export interface CreateBlockDeps {
  sm: StateManager
  /** Signs with a key of this node's wallet (the miner's worker key); NotFoundError when it has none. */
  sign(addr: Address, bytes: Uint8Array): Signature | Promise<Signature>
}

/** The weight of `ts`: its parent weight plus what its blocks add over the power of the state it was mined on. */
export async function tipsetWeightOf(sm: StateManager, ts: TipSet): Promise<bigint> {
  const view = new TreeStateView(sm.deps.store, async () => ts.parentState, sm.policy)
  return weightOf(ts, (await view.totalPower()).qualityAdjPower)
}

/** Splits messages by signature type (Lotus: BLS, then secp256k1; delegated signatures go with secp). */
function splitMessages(msgs: readonly SignedMessage[]): {
  bls: Message[]
  blsSigs: Uint8Array[]
  secp: SignedMessage[]
} {
  const bls: Message[] = []
  const blsSigs: Uint8Array[] = []
  const secp: SignedMessage[] = []
  for (const [i, sm] of msgs.entries()) {
    if (sm.signature.type === SigType.BLS) {
      bls.push(sm.message)
      blsSigs.push(sm.signature.data)
    } else if (sm.signature.type === SigType.Secp256k1 || sm.signature.type === SigType.Delegated) secp.push(sm)
    else throw new InvalidError(`block template message ${i} has unknown signature type ${sm.signature.type}`)
  }
  return { bls, blsSigs, secp }
}

export async function createBlock(deps: CreateBlockDeps, t: BlockTemplate): Promise<BlockMsg> {
  const { sm } = deps
  const chain = sm.chain
  const parent = await chain.loadTipSet(t.parents)
  const epoch = Number(t.epoch)
  if (epoch <= parent.height)
    throw new InvalidError(`block template epoch ${epoch} is not above its parents' height ${parent.height}`)
  const exec = await sm.tipSetState(parent)
  const lookback = new TreeStateView(sm.deps.store, () => lookbackStateRoot(sm, parent, epoch), sm.policy)
  const worker = await lookback.minerWorkerKey(t.miner)
  const { bls, blsSigs, secp } = splitMessages(t.messages)
  const blsMessages: CID[] = bls.map(messageCid)
  const secpkMessages: CID[] = secp.map(signedMessageCid)
  const unsigned: BlockHeader = {
    miner: t.miner,
    ticket: t.ticket,
    electionProof: t.eproof,
    beaconEntries: t.beaconValues,
    winPoStProof: t.winningPoStProof,
    parents: [...parent.cids],
    parentWeight: await tipsetWeightOf(sm, parent),
    height: epoch,
    parentStateRoot: exec.stateRoot,
    parentMessageReceipts: exec.receiptsRoot,
    messages: await chain.putBlockMessages({ bls, secp }),
    blsAggregate: { type: SigType.BLS, data: aggregateSignatures(blsSigs) },
    timestamp: Number(t.timestamp),
    blockSig: null,
    forkSignaling: 0n,
    parentBaseFee: await sm.baseFee(parent),
  }
  const blockSig = await deps.sign(worker, blockSigningBytes(unsigned))
  return { header: { ...unsigned, blockSig }, blsMessages, secpkMessages }
}
