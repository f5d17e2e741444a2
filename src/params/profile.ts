/**
 * A network profile: every policy number that differs between networks is named here, never inlined.
 * Sources: lotus build/params_*.go, builtin-actors runtime/src/runtime/policy.rs (see
 * ../shared/reference/chain.md §2 and §4, lotus.md §6).
 */
import type { Network } from '../core/address.ts'

export interface NetworkProfile {
  /** The network name the StateNetworkName method returns and gossip topics carry. */
  name: string
  /** Address string prefix. */
  addressNetwork: Network
  /** Seconds per epoch. */
  blockDelaySecs: number
  /** Seconds after the parent's time at which mining starts. */
  propagationDelaySecs: number
  /** Epochs after which a tipset is final (deeper reorgs are refused). */
  finality: number
  /** Epochs back that power, worker key and eligibility are read from for elections. */
  electionLookback: number
  /** Expected leaders per epoch. */
  expectedLeadersPerEpoch: number
  /** Epochs between PreCommit and the interactive seal randomness. */
  preCommitChallengeDelay: number
  /** WindowPoSt: deadlines per proving period and epochs per deadline. */
  wpostPeriodDeadlines: number
  wpostChallengeWindow: number
  /** Epochs before a deadline opens that its challenge is drawn. */
  wpostChallengeLookback: number
  /** Epochs before a deadline opens after which faults can no longer be declared for it. */
  faultDeclarationCutoff: number
  /** Minimum raw power (bytes) for a miner to be eligible to win blocks. */
  consensusMinerMinPower: bigint
  /** Seal proof types a new miner may use (registered proof numbers, V1_1). */
  sealProofTypes: readonly number[]
  /** Initial base fee and its floor, attoFIL. */
  initialBaseFee: bigint
  minimumBaseFee: bigint
  /** Block gas limit and target. */
  blockGasLimit: bigint
  blockGasTarget: bigint
}

/** WindowPoSt proving period in epochs. */
export function provingPeriod(p: NetworkProfile): number {
  return p.wpostPeriodDeadlines * p.wpostChallengeWindow
}
