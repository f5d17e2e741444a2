/**
 * Randomness draws (Lotus `chain/rand/rand.go`, go-state-types `crypto.DomainSeparationTag`):
 * `blake2b256(i64be(tag) ‖ digest ‖ i64be(round) ‖ entropy)`, where the digest is blake2b-256 of the
 * randomness base (a ticket's VRF proof or a beacon entry's data).
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { blake2b256 } from '../core/cid.ts'
import { i64be } from '../util/bytes.ts'
import { InvalidError } from '../util/errors.ts'

/** Personalization tags keep draws for different purposes independent. */
export const DomainSeparationTag = {
  TicketProduction: 1,
  ElectionProofProduction: 2,
  WinningPoStChallengeSeed: 3,
  WindowedPoStChallengeSeed: 4,
  SealRandomness: 5,
  InteractiveSealChallengeSeed: 6,
  WindowPoStDeadlineAssignment: 7,
  MarketDealCronSeed: 8,
  PoStChainCommit: 9,
} as const
export type DomainSeparationTag = (typeof DomainSeparationTag)[keyof typeof DomainSeparationTag]

const I64_MIN = -(1n << 63n)
const I64_MAX = (1n << 63n) - 1n

function checkI64(value: bigint | number, what: string): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new InvalidError(`randomness: ${what} ${value} is not an integer`)
  const v = BigInt(value)
  if (v < I64_MIN || v > I64_MAX) throw new InvalidError(`randomness: ${what} ${v} does not fit int64`)
}

/** `DrawRandomnessFromDigest`: the base is already hashed (32 bytes). */
export function drawRandomnessFromDigest(
  digest: Uint8Array,
  tag: DomainSeparationTag | number,
  round: bigint | number,
  entropy: Uint8Array,
): Uint8Array {
  if (digest.length !== 32) throw new InvalidError(`randomness: digest must be 32 bytes, got ${digest.length}`)
  checkI64(tag, 'tag')
  checkI64(round, 'round')
  const h = blake2b.create({ dkLen: 32 })
  h.update(i64be(tag))
  h.update(digest)
  h.update(i64be(round))
  h.update(entropy)
  return h.digest()
}

/** `DrawRandomnessFromBase`: hashes the base with blake2b-256, then draws from that digest. */
export function drawRandomness(
  base: Uint8Array,
  tag: DomainSeparationTag | number,
  round: bigint | number,
  entropy: Uint8Array,
): Uint8Array {
  return drawRandomnessFromDigest(blake2b256(base), tag, round, entropy)
}
