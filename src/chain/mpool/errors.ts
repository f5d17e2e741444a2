/** Mpool rejection reasons, worded as Lotus's `chain/messagepool` errors so logs and clients read alike. */
export const MpoolError = {
  MessageTooBig: 'message too big',
  ValueTooHigh: 'cannot send more filecoin than will ever exist',
  NonceTooLow: 'message nonce too low',
  GasFeeCapTooLow: 'gas fee cap too low',
  NotEnoughFunds: 'not enough funds to execute transaction',
  SoftValidationFailure: 'validation failure',
  RBFTooLowPremium: 'replace by fee has too low GasPremium',
  TooManyPendingMessages: 'too many pending messages for actor',
  NonceGap: 'unfulfilled nonce gap',
  ExistingNonce: 'message with nonce already exists',
} as const
