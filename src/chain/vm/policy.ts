/**
 * Policy numbers actors read (builtin-actors `Policy`), taken from the network profile (params/) so no
 * actor inlines a number that differs between networks. The storage miner adds its own fields here.
 */
import type { NetworkProfile } from '../../params/profile.ts'
import { devnet } from '../../params/profiles.ts'

export interface ChainPolicy {
  /** Minimum raw power for a miner's power to count towards consensus. */
  consensusMinerMinPower: bigint
  /** Below this many miners above the minimum, any miner with power is eligible (`CONSENSUS_MINER_MIN_MINERS`). */
  consensusMinerMinMiners: number
  expectedLeadersPerEpoch: number
}

/** The policy of a network profile. */
export function policyFromProfile(p: NetworkProfile): ChainPolicy {
  return {
    consensusMinerMinPower: p.consensusMinerMinPower,
    consensusMinerMinMiners: 4,
    expectedLeadersPerEpoch: p.expectedLeadersPerEpoch,
  }
}

/** The devnet's policy. */
export const DEFAULT_POLICY: ChainPolicy = policyFromProfile(devnet)
