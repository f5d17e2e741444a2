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

/** The environment variables that shorten the devnet's epochs and deadlines (tests run 2 s epochs). */
export const BLOCK_DELAY_ENV = 'LOTUS_TS_BLOCK_DELAY_SECS'
export const CHALLENGE_WINDOW_ENV = 'LOTUS_TS_WPOST_CHALLENGE_WINDOW'

/** An override's whole number within [min, max], or undefined when the variable is unset. */
function envInt(env: NodeJS.ProcessEnv, name: string, min: number, max: number, unit: string): number | undefined {
  const v = env[name]
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new InvalidError(`${name}=${JSON.stringify(v)}: expected whole ${unit} from ${min} to ${max}`)
  return n
}

/**
 * The devnet with the environment's overrides of its epoch length and its deadline length (a deadline must
 * leave room to submit at Open+4 and land before Close). Every process of one network must see the same
 * values (the daemon checks block timestamps and computes proving periods by them; the miner times its blocks
 * and proofs by them).
 */
export function devnetFromEnv(env: NodeJS.ProcessEnv): NetworkProfile {
  const blockDelaySecs = envInt(env, BLOCK_DELAY_ENV, 2, 3600, 'seconds')
  const wpostChallengeWindow = envInt(env, CHALLENGE_WINDOW_ENV, 8, 60, 'epochs')
  return {
    ...devnet,
    ...(blockDelaySecs !== undefined ? { blockDelaySecs } : {}),
    ...(wpostChallengeWindow !== undefined ? { wpostChallengeWindow } : {}),
  }
}
