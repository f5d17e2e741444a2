/**
 * The pipeline's chain messages: PreCommitSectorBatch2 (one sector) with its deposit and
 * ProveCommitSectors3 (one sector) with its pledge, each sent through MpoolPushMessage from the address the
 * control-address rules choose; and the search of the pool for a message an earlier run sent but did not
 * get to record (a crash between the push and the row update), so it is never sent twice.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import { decode, encode } from '../../core/codec.ts'
import { type Message, messageToPush } from '../../core/message.ts'
import {
  MinerMethod,
  PreCommitSectorBatchParams2Codec,
  ProveCommitSectors3ParamsCodec,
  type SectorPreCommitInfo,
} from '../../core/miner-params.ts'
import { signedMessageCid } from '../../core/signed-message.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { fromBase64 } from '../../util/bytes.ts'
import { type AddrUse, selectAddress } from './address-selector.ts'
import { minerAddressesFromJson } from './chain-api.ts'
import type { StepContext } from './step.ts'

/** Sends `method(params)` to the miner actor with `value`, from the address chosen for `use`; the message CID. */
async function send(
  ctx: StepContext,
  use: AddrUse,
  method: number,
  params: Uint8Array,
  value: bigint,
  maxFee: bigint,
): Promise<CID> {
  const mi = minerAddressesFromJson(await ctx.api.StateMinerInfo(ctx.maddr, TipSetKey.EMPTY))
  const from = await selectAddress(ctx.api, ctx.addresses, mi, use, value + maxFee, value)
  const msg = messageToPush({ from: from.address, to: ctx.maddr, method, params, value })
  const sm = await ctx.api.MpoolPushMessage(msg, { maxFee, maximizeFeeCap: false })
  return signedMessageCid(sm)
}

/** Sends the PreCommit of one sector with the deposit the chain asks for now. */
export async function sendPreCommit(ctx: StepContext, pci: SectorPreCommitInfo, deposit: bigint): Promise<CID> {
  const params = encode(PreCommitSectorBatchParams2Codec, { sectors: [pci] })
  return send(ctx, 'PreCommit', MinerMethod.PreCommitSectorBatch2, params, deposit, ctx.policy.maxPreCommitGasFee)
}

/** Sends the ProveCommit of one sector (its C2 proof, base64) with `collateral`. */
export async function sendProveCommit(
  ctx: StepContext,
  sectorNumber: number,
  proof: string,
  collateral: bigint,
): Promise<CID> {
  const params = encode(ProveCommitSectors3ParamsCodec, {
    sectorActivations: [{ sectorNumber, pieces: [] }],
    sectorProofs: [fromBase64(proof)],
    aggregateProof: new Uint8Array(),
    aggregateProofType: null,
    requireActivationSuccess: true,
    requireNotificationSuccess: true,
  })
  return send(ctx, 'Commit', MinerMethod.ProveCommitSectors3, params, collateral, ctx.policy.maxCommitGasFee)
}

/** The sector numbers a message to the miner carries, for the pipeline's own methods; [] for others. */
function sectorsOf(m: Message): number[] {
  try {
    if (m.method === BigInt(MinerMethod.PreCommitSectorBatch2))
      return decode(PreCommitSectorBatchParams2Codec, m.params).sectors.map((s) => s.sectorNumber)
    if (m.method === BigInt(MinerMethod.ProveCommitSectors3))
      return decode(ProveCommitSectors3ParamsCodec, m.params).sectorActivations.map((a) => a.sectorNumber)
  } catch {
    return []
  }
  return []
}

/** A message of `method` for sector `n` waiting in the pool (sent before a crash); its CID, or undefined. */
export async function findPending(ctx: StepContext, method: number, n: number): Promise<CID | undefined> {
  const pending = await ctx.api.MpoolPending(TipSetKey.EMPTY)
  const to: Address = ctx.maddr
  for (const sm of pending) {
    const m = sm.message
    if (!m.to.equals(to) || m.method !== BigInt(method)) continue
    if (sectorsOf(m).includes(n)) return signedMessageCid(sm)
  }
  return undefined
}
