/** The built-in network profiles, keyed by name. */
import { InvalidError } from '../util/errors.ts'
import type { NetworkProfile } from './profile.ts'

const shared = {
  expectedLeadersPerEpoch: 5,
  wpostPeriodDeadlines: 48,
  initialBaseFee: 100_000_000n,
  minimumBaseFee: 100n,
  blockGasLimit: 10_000_000_000n,
  blockGasTarget: 5_000_000_000n,
} as const

/** Filecoin mainnet's constants, for reference and comparison. */
export const mainnet: NetworkProfile = {
  ...shared,
  name: 'mainnet',
  addressNetwork: 'f',
  blockDelaySecs: 30,
  propagationDelaySecs: 10,
  finality: 900,
  electionLookback: 900,
  preCommitChallengeDelay: 150,
  wpostChallengeWindow: 60,
  wpostChallengeLookback: 20,
  faultDeclarationCutoff: 70,
  consensusMinerMinPower: 10n << 40n,
  sealProofTypes: [8, 9], // StackedDrg32GiBV1_1, StackedDrg64GiBV1_1
}

/**
 * The one-machine devnet (Lotus's `2k` build, shortened further so that a whole proving period fits in
 * minutes): 4 s epochs, small sectors, 48 deadlines of 10 epochs.
 */
export const devnet: NetworkProfile = {
  ...shared,
  name: 'localnet',
  addressNetwork: 't',
  blockDelaySecs: 4,
  propagationDelaySecs: 1,
  finality: 900,
  electionLookback: 1,
  preCommitChallengeDelay: 10,
  wpostChallengeWindow: 10,
  wpostChallengeLookback: 2,
  faultDeclarationCutoff: 3,
  consensusMinerMinPower: 2048n,
  sealProofTypes: [5, 6], // StackedDrg2KiBV1_1, StackedDrg8MiBV1_1
}

export const profiles: Readonly<Record<string, NetworkProfile>> = { mainnet, devnet }

/** The environment variable that shortens the devnet's epochs (tests run 2 s epochs). */
export const BLOCK_DELAY_ENV = 'LOTUS_TS_BLOCK_DELAY_SECS'

/**
 * The devnet with the environment's override of its epoch length. Every process of one network must see
 * the same value (the daemon checks block timestamps against it; the miner times its blocks by it).
 */
export function devnetFromEnv(env: NodeJS.ProcessEnv): NetworkProfile {
  const v = env[BLOCK_DELAY_ENV]
  if (v === undefined || v === '') return devnet
  const secs = Number(v)
  if (!Number.isSafeInteger(secs) || secs < 2 || secs > 3600)
    throw new InvalidError(`${BLOCK_DELAY_ENV}=${JSON.stringify(v)}: expected whole seconds from 2 to 3600`)
  return { ...devnet, blockDelaySecs: secs }
}
