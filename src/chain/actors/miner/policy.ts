/**
 * The storage miner's policy numbers (builtin-actors `runtime/src/runtime/policy.rs`, `actors/miner/src/
 * policy.rs`), taken from the network profile, and the registered-proof facts the miner needs (sector size,
 * WindowPoSt proof and partition size per seal proof; go-state-types `abi/sector.go`). Actors may not import
 * `proofs/`, so the few numbers are repeated here as data.
 *
 * The VM's ChainPolicy (chain/vm) cannot name the miner's fields, so a policy object carries them as its
 * `miner` field (`networkPolicy`, which the state manager and the genesis use); without one the devnet's
 * numbers apply.
 */
import type { NetworkProfile } from '../../../params/profile.ts'
import { devnet } from '../../../params/profiles.ts'
import { type ChainPolicy, policyFromProfile } from '../../vm/policy.ts'
import { actorErrors } from '../../vm/actor-error.ts'

export interface MinerPolicy {
  wpostPeriodDeadlines: number
  wpostChallengeWindow: number
  /** wpostPeriodDeadlines × wpostChallengeWindow. */
  wpostProvingPeriod: number
  wpostChallengeLookback: number
  faultDeclarationCutoff: number
  preCommitChallengeDelay: number
  /** Epochs after its seal randomness that a precommit may still be proven (`max_prove_commit_duration`). */
  maxProveCommitDuration: number
  /** Oldest seal randomness a precommit may use, epochs back (`max_pre_commit_randomness_lookback`). */
  maxPreCommitRandomnessLookback: number
  /** Epochs after a precommit's proving deadline that its cleanup runs (`expired_pre_commit_clean_up_delay`). */
  expiredPreCommitCleanUpDelay: number
  /** Epochs a worker key change waits (`worker_key_change_delay`, = chain finality). */
  workerKeyChangeDelay: number
  minSectorExpiration: number
  maxSectorExpirationExtension: number
  /** At most this many control addresses (`max_control_addresses`). */
  maxControlAddresses: number
  /** Bytes of peer id accepted (`max_peer_id_length`). */
  maxPeerIdLength: number
  /** Seal proofs a miner may precommit. */
  sealProofTypes: readonly number[]
}

const EPOCHS_IN_DAY_MAINNET = 2880

/** The miner policy of a network profile. Durations not in the profile follow builtin-actors' defaults. */
export function minerPolicyFromProfile(p: NetworkProfile): MinerPolicy {
  return {
    wpostPeriodDeadlines: p.wpostPeriodDeadlines,
    wpostChallengeWindow: p.wpostChallengeWindow,
    wpostProvingPeriod: p.wpostPeriodDeadlines * p.wpostChallengeWindow,
    wpostChallengeLookback: p.wpostChallengeLookback,
    faultDeclarationCutoff: p.faultDeclarationCutoff,
    preCommitChallengeDelay: p.preCommitChallengeDelay,
    maxProveCommitDuration: 30 * EPOCHS_IN_DAY_MAINNET + p.preCommitChallengeDelay,
    maxPreCommitRandomnessLookback: EPOCHS_IN_DAY_MAINNET + p.finality,
    expiredPreCommitCleanUpDelay: 8 * 120,
    workerKeyChangeDelay: p.finality,
    minSectorExpiration: 180 * EPOCHS_IN_DAY_MAINNET,
    maxSectorExpirationExtension: 1278 * EPOCHS_IN_DAY_MAINNET,
    maxControlAddresses: 10,
    maxPeerIdLength: 128,
    sealProofTypes: p.sealProofTypes,
  }
}

export const DEVNET_MINER_POLICY: MinerPolicy = minerPolicyFromProfile(devnet)

/** The whole policy of a network profile: the chain's numbers with the storage miner's. */
export function networkPolicy(p: NetworkProfile): ChainPolicy & { miner: MinerPolicy } {
  return { ...policyFromProfile(p), miner: minerPolicyFromProfile(p) }
}

/** The miner policy a chain policy carries (`{ ...chainPolicy, miner }`), else the devnet's. */
export function minerPolicyOf(p: ChainPolicy): MinerPolicy {
  const m = (p as ChainPolicy & { miner?: MinerPolicy }).miner
  return m ?? DEVNET_MINER_POLICY
}

/** Sector sizes by index within each proof family: 2KiB, 8MiB, 512MiB, 32GiB, 64GiB. */
const SECTOR_SIZES = [2048n, 8n << 20n, 512n << 20n, 32n << 30n, 64n << 30n] as const
/** filecoin-proofs `WINDOW_POST_SECTOR_COUNT` by size index. */
const WINDOW_POST_PARTITION_SECTORS = [2, 2, 2, 2349, 2300] as const
/** First WindowPoSt V1_1 proof number (StackedDrgWindow2KiBV1_1 = 10). */
const WINDOW_POST_V1_1_FIRST = 10

/** What a seal proof fixes: sector size, its WindowPoSt proof (V1_1) and sectors per partition. */
export interface SealProofFacts {
  sectorSize: bigint
  windowPoStProof: number
  partitionSectors: number
}

/** Facts of a V1 (0..4), V1_1 (5..9) or synthetic (10..14) seal proof; other numbers are refused. */
export function sealProofFacts(sealProof: number): SealProofFacts {
  if (!Number.isInteger(sealProof) || sealProof < 0 || sealProof > 14)
    throw actorErrors.illegalArgument(`unsupported seal proof type ${sealProof}`)
  const i = sealProof % 5
  return {
    sectorSize: SECTOR_SIZES[i]!,
    windowPoStProof: WINDOW_POST_V1_1_FIRST + i,
    partitionSectors: WINDOW_POST_PARTITION_SECTORS[i]!,
  }
}

/** Facts of a WindowPoSt proof, V1 (5..9) or V1_1 (10..14). */
export function windowPoStFacts(postProof: number): { sectorSize: bigint; partitionSectors: number } {
  if (!Number.isInteger(postProof) || postProof < 5 || postProof > 14)
    throw actorErrors.illegalArgument(`unsupported WindowPoSt proof type ${postProof}`)
  const i = postProof % 5
  return { sectorSize: SECTOR_SIZES[i]!, partitionSectors: WINDOW_POST_PARTITION_SECTORS[i]! }
}
