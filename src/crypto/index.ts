/** crypto/: the signature registry, secp256k1 and BLS, randomness draws, RLE+ bitfields. */
export * from './bitfield.ts'
export * from './bls.ts'
export * from './randomness.ts'
export { decodeRanges, encodeRanges, MAX_ENCODED_SIZE } from './rleplus.ts'
export * from './secp256k1.ts'
export * from './sigs.ts'
