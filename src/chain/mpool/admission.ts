/**
 * Stateless admission checks (Lotus `MessagePool.checkMessage`): size, inclusion validity, value, fee cap
 * floor and the signature. Each rejection is an InvalidError (SignatureError for signatures) naming the rule.
 */
import { Protocol } from '../../core/address.ts'
import { encode } from '../../core/codec.ts'
import { SigType } from '../../core/signature.ts'
import { type SignedMessage, SignedMessageCodec, messageSigningBytes } from '../../core/signed-message.ts'
import { verifySignature } from '../../crypto/sigs.ts'
import type { NetworkProfile } from '../../params/profile.ts'
import { errorMessage, InvalidError, SignatureError } from '../../util/errors.ts'
import { checkValidForBlockInclusion, TOTAL_FILECOIN } from '../consensus/message-validity.ts'
import type { StateView } from '../consensus/state-view.ts'
import { MpoolError } from './errors.ts'

/** Lotus `MaxMessageSize`: 64 KiB. */
export const MAX_MESSAGE_SIZE = 64 << 10

/** The size Lotus measures (`SignedMessage.Size`: the CBOR encoding; BLS messages count unsigned). */
export function messageSize(sm: SignedMessage): number {
  return encode(SignedMessageCodec, sm).length
}

/** The syntactic checks; throws InvalidError naming the first one that fails. */
export function checkMessage(
  sm: SignedMessage,
  profile: Pick<NetworkProfile, 'blockGasLimit' | 'minimumBaseFee'>,
): void {
  const size = messageSize(sm)
  if (size > MAX_MESSAGE_SIZE) throw new InvalidError(`mpool message too large (${size}B): ${MpoolError.MessageTooBig}`)
  try {
    checkValidForBlockInclusion(sm.message, profile)
  } catch (err) {
    throw new InvalidError(`message not valid for block inclusion: ${errorMessage(err)}`, { cause: err })
  }
  if (sm.message.value >= TOTAL_FILECOIN) throw new InvalidError(MpoolError.ValueTooHigh)
  if (sm.message.gasFeeCap < profile.minimumBaseFee)
    throw new InvalidError(
      `${MpoolError.GasFeeCapTooLow} (GasFeeCap ${sm.message.gasFeeCap} < minimum base fee ${profile.minimumBaseFee})`,
    )
}

/** Verifies the signature against the sender's key (an ID sender is resolved through the state). */
export async function verifyMessageSignature(sm: SignedMessage, state: StateView): Promise<void> {
  const from = sm.message.from
  try {
    const signer = from.protocol === Protocol.ID ? await state.accountKey(from) : from
    if (sm.signature.type !== SigType.Secp256k1 && sm.signature.type !== SigType.BLS)
      throw new SignatureError(`unsupported signature type ${sm.signature.type}`)
    verifySignature(sm.signature, messageSigningBytes(sm.message), signer)
  } catch (err) {
    throw new SignatureError(`signature verification failed: ${errorMessage(err)}`, { cause: err })
  }
}
