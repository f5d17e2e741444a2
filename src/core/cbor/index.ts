export { decodeCbor, decodeCborPrefix, MAX_CBOR_DEPTH } from './decode.ts'
export { encodeCbor, compareMapKeys } from './encode.ts'
export * from './read.ts'
export type { CborMap, CborValue } from './value.ts'
