/** The VM's dependencies and options, its results, and the message checks it makes before anything else. */
import type { Message } from '../../core/message.ts'
import { type Receipt, ReceiptVersion } from '../../core/receipt.ts'
import { InvalidError } from '../../util/errors.ts'
import type { Blockstore } from '../../ipld/blockstore.ts'
import type { ActorRegistry } from './actor-class.ts'
import type { ProofVerifier, RandomnessSource } from './externs.ts'
import type { GasOutputs } from './fees.ts'
import type { GasPricelist } from './gas.ts'
import type { ChainPolicy } from './runtime.ts'

export interface VmDeps {
  store: Blockstore
  actors: ActorRegistry
  randomness?: RandomnessSource
  proofs?: ProofVerifier
}

export interface VmOptions {
  epoch: number
  /** attoFIL per gas unit. */
  baseFee: bigint
  /** Default: Lotus's legacy price list (gas.ts). */
  pricelist?: GasPricelist
  /** Default: DEFAULT_POLICY (devnet numbers). */
  policy?: ChainPolicy
  /** The circulating supply actors see (`rt.total_fil_circ_supply()`; the miner's pledge uses it). Default 0. */
  circulatingSupply?: bigint
}

export interface ApplyRet {
  receipt: Receipt
  gasOutputs: GasOutputs
  /** Why the message failed, when it did. */
  error?: string
}

/** Gas limit of implicit messages (`build.BlockGasLimit * 10000`). */
export const IMPLICIT_MESSAGE_GAS_LIMIT = 10_000_000_000n * 10_000n

export const receipt = (exitCode: number, ret: Uint8Array, gasUsed: bigint): Receipt => ({
  version: ReceiptVersion.V0,
  exitCode,
  return: ret,
  gasUsed,
  eventsRoot: null,
})

/**
 * Refuses messages no valid block carries (Lotus `checkMessage` and the gas holder's refusal of negative
 * amounts): a gas limit that is not positive, a negative fee cap or premium. Throws InvalidError.
 */
export function checkMessage(msg: Message): void {
  if (msg.gasLimit <= 0n) throw new InvalidError(`message gas limit ${msg.gasLimit} is not positive`)
  if (msg.gasFeeCap < 0n) throw new InvalidError(`message fee cap ${msg.gasFeeCap} is negative`)
  if (msg.gasPremium < 0n) throw new InvalidError(`message gas premium ${msg.gasPremium} is negative`)
}
