/**
 * Piece sizes: a padded piece is a power of two of at least 128 bytes; its unpadded size is 127/128 of it.
 * A payload fills the smallest unpadded size 127·2^k that holds it (go-fil-commp-hashhash rules).
 */
import { InvalidError } from '../util/errors.ts'

/** Smallest padded piece. */
export const MIN_PADDED_PIECE = 128
/** go-fil-commp-hashhash refuses shorter payloads. */
export const MIN_PAYLOAD = 65
/** Largest padded piece handled (64 GiB sectors). */
export const MAX_PADDED_PIECE = 2 ** 36

function isPow2(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n
}

/** Throws unless `size` is a valid padded piece size. */
export function checkPaddedSize(size: number): void {
  if (!isPow2(size)) throw new InvalidError(`padded piece size ${size} is not a power of two`)
  if (size < MIN_PADDED_PIECE) throw new InvalidError(`padded piece size ${size} is below the minimum 128`)
  if (size > MAX_PADDED_PIECE) throw new InvalidError(`padded piece size ${size} is above the maximum 2^36`)
}

/** Unpadded size of a padded piece size. */
export function unpaddedSize(padded: number): number {
  checkPaddedSize(padded)
  return (padded / 128) * 127
}

/** Padded size of an unpadded piece size, which must be 127·2^k. */
export function paddedSize(unpadded: number): number {
  if (!Number.isSafeInteger(unpadded) || unpadded % 127 !== 0 || !isPow2(unpadded / 127))
    throw new InvalidError(`unpadded piece size ${unpadded} is not 127·2^k`)
  const padded = (unpadded / 127) * 128
  checkPaddedSize(padded)
  return padded
}

/** The padded piece size a payload of `payload` bytes fills. */
export function paddedSizeForPayload(payload: number): number {
  if (!Number.isSafeInteger(payload) || payload < MIN_PAYLOAD)
    throw new InvalidError(`payload of ${payload} bytes is below the minimum of ${MIN_PAYLOAD} bytes`)
  let padded = MIN_PADDED_PIECE
  while ((padded / 128) * 127 < payload) padded *= 2
  if (padded > MAX_PADDED_PIECE) throw new InvalidError(`payload of ${payload} bytes exceeds the largest piece`)
  return padded
}
