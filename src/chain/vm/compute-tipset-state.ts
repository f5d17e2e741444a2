/**
 * Executes a tipset on its parent state (`lotus:chain/consensus/compute_state.go` ApplyBlocks):
 * 1. cron for each null round between the parent and this tipset;
 * 2. the blocks in order (ticket order, as given), each applying its BLS then its secp messages, skipping
 *    any message (by unsigned CID) already applied in this tipset, then the block reward for its miner with
 *    the block's tips and penalties;
 * 3. cron for the tipset's epoch.
 * Returns the new state root and the root of the receipts AMT (v0), one receipt per applied message.
 */
import type { Address } from '../../core/address.ts'
import { type CID, cidOfBytes } from '../../core/cid.ts'
import { encode } from '../../core/codec.ts'
import { formatExitCode } from '../../core/exit-code.ts'
import { type Message, MessageCodec, messageCid } from '../../core/message.ts'
import { type Receipt, ReceiptCodec } from '../../core/receipt.ts'
import { type SignedMessage, SignedMessageCodec } from '../../core/signed-message.ts'
import { SigType } from '../../core/signature.ts'
import { ErrorCode, InvalidError, LotusError } from '../../util/errors.ts'
import { amtFromArray } from '../../ipld/amt/amt.ts'
import { cronMessage, rewardMessage } from './implicit-messages.ts'
import type { GasOutputs } from './fees.ts'
import type { GasPricelist } from './gas.ts'
import type { ChainPolicy } from './runtime.ts'
import { Vm, type VmDeps } from './vm.ts'

export interface TipSetBlock {
  /** The block's miner (ID address). */
  miner: Address
  winCount: number
  blsMessages: Message[]
  secpMessages: SignedMessage[]
}

export interface ComputeTipSetStateParams {
  parentStateRoot: CID
  /** Height of the parent tipset; epochs between it and `epoch` are null rounds. */
  parentEpoch: number
  /** Height of the tipset executed. */
  epoch: number
  blocks: TipSetBlock[]
  baseFee: bigint
  pricelist?: GasPricelist
  policy?: ChainPolicy
  circulatingSupply?: bigint
}

export interface TipSetState {
  stateRoot: CID
  receiptsRoot: CID
  receipts: Receipt[]
  /** The CID (unsigned for BLS, signed for secp) of the message behind each receipt, in the same order. */
  messageCids: CID[]
  /** Each applied message's fee split, in the same order. */
  gasOutputs: GasOutputs[]
}

/** A failure of an implicit message: the tipset cannot be executed. */
export class TipSetExecutionError extends LotusError {
  constructor(message: string) {
    super(ErrorCode.Invalid, message)
    this.name = 'TipSetExecutionError'
  }
}

async function runImplicit(vm: Vm, msg: Message, what: string): Promise<void> {
  const r = await vm.applyImplicitMessage(msg)
  if (r.receipt.exitCode !== 0)
    throw new TipSetExecutionError(
      `${what} at epoch ${vm.epoch} failed: ${formatExitCode(r.receipt.exitCode)} ${r.error ?? ''}`,
    )
}

export async function computeTipSetState(deps: VmDeps, p: ComputeTipSetStateParams): Promise<TipSetState> {
  if (p.epoch <= p.parentEpoch)
    throw new InvalidError(`tipset epoch ${p.epoch} is not after its parent's ${p.parentEpoch}`)
  const vm = await Vm.create(deps, p.parentStateRoot, {
    epoch: p.parentEpoch,
    baseFee: p.baseFee,
    ...(p.pricelist ? { pricelist: p.pricelist } : {}),
    ...(p.policy ? { policy: p.policy } : {}),
    ...(p.circulatingSupply !== undefined ? { circulatingSupply: p.circulatingSupply } : {}),
  })
  for (let e = p.parentEpoch + 1; e < p.epoch; e++) {
    vm.epoch = e
    await runImplicit(vm, cronMessage(e), 'cron (null round)')
  }
  vm.epoch = p.epoch
  const applied = new Set<string>()
  const receipts: Receipt[] = []
  const messageCids: CID[] = []
  const gasOutputs: GasOutputs[] = []
  for (const b of p.blocks) {
    let penalty = 0n
    let gasReward = 0n
    // [message, size on chain, chain CID, unsigned CID (the dedup key)]
    const msgs: [Message, number, CID, string][] = [
      ...b.blsMessages.map((m): [Message, number, CID, string] => {
        const bytes = encode(MessageCodec, m)
        const cid = cidOfBytes(bytes)
        return [m, bytes.length, cid, cid.toString()]
      }),
      ...b.secpMessages.map((sm): [Message, number, CID, string] => {
        const bytes = encode(SignedMessageCodec, sm)
        const unsigned = messageCid(sm.message)
        const cid = sm.signature.type === SigType.BLS ? unsigned : cidOfBytes(bytes)
        return [sm.message, bytes.length, cid, unsigned.toString()]
      }),
    ]
    for (const [m, size, cid, key] of msgs) {
      if (applied.has(key)) continue
      const r = await vm.applyMessage(m, size)
      receipts.push(r.receipt)
      messageCids.push(cid)
      gasOutputs.push(r.gasOutputs)
      gasReward += r.gasOutputs.minerTip
      penalty += r.gasOutputs.minerPenalty
      applied.add(key)
    }
    await runImplicit(
      vm,
      rewardMessage(p.epoch, { miner: b.miner, penalty, gasReward, winCount: b.winCount }),
      'block reward',
    )
  }
  await runImplicit(vm, cronMessage(p.epoch), 'cron')
  const stateRoot = await vm.flush()
  const receiptsRoot = await amtFromArray(
    deps.store,
    receipts.map((r) => ReceiptCodec.toCbor(r)),
    { version: 0 },
  )
  return { stateRoot, receiptsRoot, receipts, messageCids, gasOutputs }
}
