/**
 * The numbers the sealing pipeline works by: network policy from the profile (challenge delay, ticket
 * lookback), the miner actor's sector lifetime bounds (builtin-actors policy; the miner reaches the chain
 * only through the API, so they are repeated here as data), the `[Sealing]` and `[Fees]` config, and
 * the pipeline's own timing (how often it polls the head, how long a failure state waits before retrying).
 */
import { parseFil } from '../../core/token.ts'
import type { NetworkProfile } from '../../params/profile.ts'

const EPOCHS_IN_DAY_MAINNET = 2880

export interface SealingPolicy {
  /** Epochs between the PreCommit landing and the interactive seal randomness. */
  readonly preCommitChallengeDelay: number
  /** Epochs the ticket is drawn behind the head (Lotus SealRandomnessLookback = chain finality). */
  readonly ticketLookback: number
  /** Oldest ticket a precommit may use, epochs (builtin-actors max_pre_commit_randomness_lookback). */
  readonly maxTicketAge: number
  /** Epochs on top of the seed epoch before the seed is read (Lotus InteractivePoRepConfidence). */
  readonly seedConfidence: number
  /** Confirmations StateWaitMsg waits for (Lotus build.MessageConfidence). */
  readonly msgConfidence: number
  /** Lifetime of a committed-capacity sector, epochs (`[Sealing] CommittedCapacitySectorLifetime`). */
  readonly ccLifetimeEpochs: number
  readonly minSectorExpiration: number
  readonly maxSectorExpirationExtension: number
  readonly maxProveCommitDuration: number
  /** WindowPoSt proving period, epochs (the expiration keeps two of them as a buffer, as Lotus does). */
  readonly provingPeriod: number
  /** attoFIL: `[Fees] MaxPreCommitGasFee`, `MaxCommitGasFee`. */
  readonly maxPreCommitGasFee: bigint
  readonly maxCommitGasFee: bigint
  /** Keep the unsealed copy when finalizing (`[Sealing] AlwaysKeepUnsealedCopy`). */
  readonly keepUnsealed: boolean
  /** How often waits poll the chain head, ms. */
  readonly pollMs: number
  /** A failure state waits retryBackoffMs × 2^(retries−1), at most maxRetryBackoffMs (Lotus: 1 minute). */
  readonly retryBackoffMs: number
  readonly maxRetryBackoffMs: number
}

/** The `[Sealing]` and `[Fees]` keys the policy reads. */
export interface SealingConfig {
  readonly Sealing: { readonly CommittedCapacitySectorLifetime: string; readonly AlwaysKeepUnsealedCopy: boolean }
  readonly Fees: { readonly MaxPreCommitGasFee: string; readonly MaxCommitGasFee: string }
}

/** Seconds of a Go duration string such as `12960h0m0s`. */
export function goDurationSecs(text: string): number {
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/g
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 }
  let secs = 0
  let seen = ''
  for (const m of text.matchAll(re)) {
    secs += Number(m[1]) * unit[m[2]!]!
    seen += m[0]
  }
  return seen === text && text !== '' ? secs : Number.NaN
}

export function sealingPolicy(
  profile: NetworkProfile,
  cfg: SealingConfig,
  timing: Partial<
    Pick<SealingPolicy, 'pollMs' | 'retryBackoffMs' | 'maxRetryBackoffMs' | 'msgConfidence' | 'seedConfidence'>
  > = {},
): SealingPolicy {
  const lifetime = goDurationSecs(cfg.Sealing.CommittedCapacitySectorLifetime)
  return {
    preCommitChallengeDelay: profile.preCommitChallengeDelay,
    ticketLookback: profile.finality,
    maxTicketAge: EPOCHS_IN_DAY_MAINNET + profile.finality,
    seedConfidence: timing.seedConfidence ?? 6,
    msgConfidence: timing.msgConfidence ?? 5,
    ccLifetimeEpochs: Number.isFinite(lifetime) ? Math.floor(lifetime / profile.blockDelaySecs) : 0,
    minSectorExpiration: 180 * EPOCHS_IN_DAY_MAINNET,
    maxSectorExpirationExtension: 1278 * EPOCHS_IN_DAY_MAINNET,
    maxProveCommitDuration: 30 * EPOCHS_IN_DAY_MAINNET + profile.preCommitChallengeDelay,
    provingPeriod: profile.wpostPeriodDeadlines * profile.wpostChallengeWindow,
    maxPreCommitGasFee: parseFil(cfg.Fees.MaxPreCommitGasFee),
    maxCommitGasFee: parseFil(cfg.Fees.MaxCommitGasFee),
    keepUnsealed: cfg.Sealing.AlwaysKeepUnsealedCopy,
    pollMs: timing.pollMs ?? Math.max(250, (profile.blockDelaySecs * 1000) / 4),
    retryBackoffMs: timing.retryBackoffMs ?? 60_000,
    maxRetryBackoffMs: timing.maxRetryBackoffMs ?? 10 * 60_000,
  }
}

/**
 * A committed-capacity sector's expiration at `height` (Lotus BasicPreCommitPolicy): the configured
 * lifetime clamped to the actor's bounds, less two proving periods, and never below what the actor accepts.
 */
export function ccExpiration(p: SealingPolicy, height: number): number {
  let life = p.ccLifetimeEpochs === 0 ? p.maxSectorExpirationExtension : p.ccLifetimeEpochs
  life = Math.min(Math.max(life, p.minSectorExpiration), p.maxSectorExpirationExtension)
  const end = height + life - 2 * p.provingPeriod
  const minExp = height + p.maxProveCommitDuration + p.minSectorExpiration + p.provingPeriod
  return Math.max(end, minExp)
}

/** How long a failure state waits before its retry. */
export function retryDelay(p: SealingPolicy, retries: number): number {
  return Math.min(p.retryBackoffMs * 2 ** Math.max(0, Math.min(retries - 1, 20)), p.maxRetryBackoffMs)
}
