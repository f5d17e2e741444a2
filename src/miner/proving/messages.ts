/**
 * Sending the proving messages of the miner actor through the daemon (MpoolPushMessage fills gas and nonce
 * and signs with the wallet) and waiting for their receipts. The sender is the PoSt control address chosen
 * by the pipeline's address selector (Lotus AddressFor); the fee limit is `[Fees] MaxWindowPoStGasFee`.
 */
import type { Address } from '../../core/address.ts'
import type { CID } from '../../core/cid.ts'
import { type Codec, encode } from '../../core/codec.ts'
import { messageToPush } from '../../core/message.ts'
import { signedMessageCid } from '../../core/signed-message.ts'
import { parseFil } from '../../core/token.ts'
import type { MinerConfig } from '../repo/config.ts'
import type { MinerInfoView, ProvingApi } from './chain-view.ts'
import { selectAddress } from '../pipeline/address-selector.ts'

/** The storage miner actor's method numbers this miner sends (builtin-actors miner `Method`). */
export const MinerMethod = {
  ChangeWorkerAddress: 3,
  SubmitWindowedPoSt: 5,
  DeclareFaults: 10,
  DeclareFaultsRecovered: 11,
  WithdrawBalance: 16,
} as const

/** Epochs of tipsets on top before a receipt counts (Lotus build.MessageConfidence on a 2k devnet). */
export const MESSAGE_CONFIDENCE = 1n

export interface SentMessage {
  readonly cid: CID
  readonly from: Address
}

export interface Receipt {
  readonly exitCode: number
  readonly height: number
}

export interface MessageSender {
  send<T>(method: number, codec: Codec<T>, params: T, maxFee: bigint): Promise<SentMessage>
  wait(cid: CID): Promise<Receipt>
}

export function messageSender(
  api: ProvingApi,
  miner: Address,
  info: () => Promise<MinerInfoView>,
  cfg: MinerConfig,
): MessageSender {
  return {
    async send(method, codec, params, maxFee) {
      const mi = await info()
      const mia = { owner: mi.owner, worker: mi.worker, controls: mi.controlAddresses }
      const { address: from } = await selectAddress(api, cfg.Addresses, mia, 'PoSt', maxFee, 0n)
      const sm = await api.MpoolPushMessage(messageToPush({ from, to: miner, method, params: encode(codec, params) }), {
        maxFee,
        maximizeFeeCap: cfg.Fees.MaximizeWindowPoStFeeCap,
      })
      return { cid: signedMessageCid(sm), from }
    },
    async wait(cid) {
      const r = await api.StateWaitMsg(cid, MESSAGE_CONFIDENCE, -1n, true)
      return { exitCode: r.receipt.exitCode, height: Number(r.height) }
    },
  }
}

/** The `[Fees] MaxWindowPoStGasFee` of the config, in attoFIL. */
export const windowPoStMaxFee = (cfg: MinerConfig): bigint => parseFil(cfg.Fees.MaxWindowPoStGasFee)
