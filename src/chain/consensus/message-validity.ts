/**
 * Lotus `Message.ValidForBlockInclusion`: the syntactic rules every message must meet to be in a block,
 * shared by block validation and mpool admission. Error messages keep Lotus's wording.
 */
import { Protocol } from '../../core/address.ts'
import type { Message } from '../../core/message.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { InvalidError } from '../../util/errors.ts'

/** 2e9 FIL in attoFIL (Lotus `TotalFilecoinInt`). */
export const TOTAL_FILECOIN = 2_000_000_000n * 10n ** 18n

/** Throws InvalidError naming the first rule the message breaks. */
export function checkValidForBlockInclusion(
  m: Message,
  profile: Pick<NetworkProfile, 'blockGasLimit'>,
  minGas = 0n,
): void {
  const fail = (why: string): never => {
    throw new InvalidError(why)
  }
  if (m.version !== 0) fail(`'Version' unsupported (${m.version})`)
  // Lotus's ZeroAddress (f3yaaa...) is a BLS address with an all-zero key; the network version check
  // refuses f4 senders before NV18, which this network is past.
  if (m.to.protocol === Protocol.BLS && m.to.payload.every((b) => b === 0)) fail("invalid 'To' address")
  if (m.value < 0n) fail("'Value' field cannot be negative")
  if (m.value > TOTAL_FILECOIN) fail("'Value' field cannot be greater than total filecoin supply")
  if (m.gasFeeCap < 0n) fail("'GasFeeCap' field cannot be negative")
  if (m.gasPremium < 0n) fail("'GasPremium' field cannot be negative")
  if (m.gasPremium > m.gasFeeCap) fail("'GasFeeCap' less than 'GasPremium'")
  if (m.gasLimit > profile.blockGasLimit)
    fail(`'GasLimit' field cannot be greater than a block's gas limit (${m.gasLimit} > ${profile.blockGasLimit})`)
  if (m.gasLimit <= 0n) fail(`'GasLimit' field ${m.gasLimit} must be positive`)
  if (m.gasLimit < minGas)
    fail(`'GasLimit' field cannot be less than the cost of storing a message on chain ${m.gasLimit} < ${minGas}`)
}
