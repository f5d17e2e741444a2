/**
 * Partition bookkeeping (`builtin-actors:actors/miner/src/partition_state.rs`, simplified: no expiration
 * queues; the cron finds expired sectors from their records). Power of a set of sectors is count × sector
 * size for both raw and QA power (no deals).
 * Active power = live − faulty − unproven; each operation returns the change in active power.
 */
import { BitField } from '../../../crypto/bitfield.ts'
import { addPower, negPower, type Partition, type PowerPair, subPower, ZERO_POWER } from './state.ts'

export function powerOf(sectors: BitField, sectorSize: bigint): PowerPair {
  const raw = BigInt(sectors.count) * sectorSize
  return { raw, qa: raw }
}

export function emptyPartition(): Partition {
  return {
    sectors: BitField.empty,
    unproven: BitField.empty,
    faults: BitField.empty,
    recoveries: BitField.empty,
    terminated: BitField.empty,
    livePower: ZERO_POWER,
    unprovenPower: ZERO_POWER,
    faultyPower: ZERO_POWER,
    recoveringPower: ZERO_POWER,
  }
}

/** Live sectors: not terminated. */
export const liveSectors = (p: Partition): BitField => p.sectors.subtract(p.terminated)
/** Active sectors: live, proven, not faulty. */
export const activeSectors = (p: Partition): BitField => liveSectors(p).subtract(p.faults).subtract(p.unproven)
export const activePower = (p: Partition): PowerPair => subPower(subPower(p.livePower, p.faultyPower), p.unprovenPower)

/** Adds new sectors, unproven (no power until their first WindowPoSt). */
export function addSectors(p: Partition, sectors: BitField, size: bigint): void {
  const pw = powerOf(sectors, size)
  p.sectors = p.sectors.union(sectors)
  p.unproven = p.unproven.union(sectors)
  p.livePower = addPower(p.livePower, pw)
  p.unprovenPower = addPower(p.unprovenPower, pw)
}

/** Marks live, non-faulty `sectors` faulty (also cancelling their recovery); returns the active power lost. */
export function recordFaults(
  p: Partition,
  sectors: BitField,
  size: bigint,
): { newFaulty: PowerPair; delta: PowerPair } {
  const retracted = p.recoveries.intersect(sectors)
  p.recoveries = p.recoveries.subtract(retracted)
  p.recoveringPower = subPower(p.recoveringPower, powerOf(retracted, size))
  const fresh = liveSectors(p).intersect(sectors).subtract(p.faults)
  const wasUnproven = fresh.intersect(p.unproven)
  p.unproven = p.unproven.subtract(wasUnproven)
  p.unprovenPower = subPower(p.unprovenPower, powerOf(wasUnproven, size))
  const newFaulty = powerOf(fresh, size)
  p.faults = p.faults.union(fresh)
  p.faultyPower = addPower(p.faultyPower, newFaulty)
  return { newFaulty, delta: negPower(powerOf(fresh.subtract(wasUnproven), size)) }
}

/** Declares faulty `sectors` recovering (proven by the next PoSt); returns the power declared. */
export function declareRecoveries(p: Partition, sectors: BitField, size: bigint): PowerPair {
  const added = p.faults.intersect(sectors).subtract(p.recoveries)
  p.recoveries = p.recoveries.union(added)
  const pw = powerOf(added, size)
  p.recoveringPower = addPower(p.recoveringPower, pw)
  return pw
}

/** A PoSt proved the recovering sectors: they leave the faults; returns the active power regained. */
export function recoverFaults(p: Partition, size: bigint): PowerPair {
  const pw = powerOf(p.recoveries, size)
  p.faults = p.faults.subtract(p.recoveries)
  p.faultyPower = subPower(p.faultyPower, pw)
  p.recoveries = BitField.empty
  p.recoveringPower = ZERO_POWER
  return pw
}

/** A PoSt proved the unproven sectors: they gain power; returns it. */
export function activateUnproven(p: Partition): PowerPair {
  const pw = p.unprovenPower
  p.unproven = BitField.empty
  p.unprovenPower = ZERO_POWER
  return pw
}

/**
 * No PoSt arrived for this partition by its deadline's end: every live sector is faulty, recoveries fail
 * (`record_missed_post`). Returns the active power lost.
 */
export function recordMissedPost(p: Partition): PowerPair {
  const lost = activePower(p)
  p.faults = liveSectors(p)
  p.faultyPower = p.livePower
  p.unproven = BitField.empty
  p.unprovenPower = ZERO_POWER
  p.recoveries = BitField.empty
  p.recoveringPower = ZERO_POWER
  return negPower(lost)
}

/**
 * Terminates the live sectors among `sectors` (on-time expiration): they leave faults, recoveries and
 * unproven; returns the active power lost and how much of their power was faulty.
 */
export function terminateSectors(
  p: Partition,
  sectors: BitField,
  size: bigint,
): { delta: PowerPair; faulty: PowerPair } {
  const dead = liveSectors(p).intersect(sectors)
  const faulty = powerOf(dead.intersect(p.faults), size)
  const active = powerOf(dead.subtract(p.faults).subtract(p.unproven), size)
  p.faultyPower = subPower(p.faultyPower, faulty)
  p.faults = p.faults.subtract(dead)
  p.unprovenPower = subPower(p.unprovenPower, powerOf(dead.intersect(p.unproven), size))
  p.unproven = p.unproven.subtract(dead)
  p.recoveringPower = subPower(p.recoveringPower, powerOf(dead.intersect(p.recoveries), size))
  p.recoveries = p.recoveries.subtract(dead)
  p.livePower = subPower(p.livePower, powerOf(dead, size))
  p.terminated = p.terminated.union(dead)
  return { delta: negPower(active), faulty }
}
