/**
 * FilterEstimate (`builtin-actors:runtime/src/reward/smooth`): `[Position, Velocity]`, two big integers in
 * Q.128 fixed point. The simplified reward and power actors here report a constant estimate (velocity 0).
 */
import { BigIntCodec } from '../../core/bigint.ts'
import type { Codec } from '../../core/codec.ts'
import { tupleCodec } from '../../core/tuple.ts'

export interface FilterEstimate {
  position: bigint
  velocity: bigint
}

export const FilterEstimateCodec: Codec<FilterEstimate> = tupleCodec<FilterEstimate>('FilterEstimate', {
  position: ['PositionEstimate', BigIntCodec],
  velocity: ['VelocityEstimate', BigIntCodec],
})

/** Bits of fraction in a Q.128 value. */
export const PRECISION_128 = 128n

/** An estimate that stays at `value` (position value·2^128, velocity 0). */
export function constantEstimate(value: bigint): FilterEstimate {
  return { position: value << PRECISION_128, velocity: 0n }
}
