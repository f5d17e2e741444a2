/**
 * The devnet's block reward schedule — a documented simplification of Filecoin's minting (which mixes
 * exponential simple minting with baseline minting): the reward per epoch starts at `initialEpochReward`
 * and halves every `halvingEpochs` epochs. The default starts near mainnet's early simple-minting rate
 * (about 36 FIL per epoch) with mainnet's six-year half-life. Payouts never exceed the reward actor's
 * balance (its pool), so minting is bounded by what genesis gave it.
 */
import { FIL_PRECISION } from '../../../core/token.ts'

export interface RewardSchedule {
  /** attoFIL per epoch at epoch 0 (for all the winners of an epoch together). */
  initialEpochReward: bigint
  /** Epochs between halvings; > 0. */
  halvingEpochs: bigint
}

export const DEFAULT_REWARD_SCHEDULE: RewardSchedule = {
  initialEpochReward: 36n * FIL_PRECISION,
  halvingEpochs: 6n * 365n * 2880n,
}

/** The reward for all the winners of `epoch` together. */
export function epochReward(s: RewardSchedule, epoch: bigint): bigint {
  if (epoch < 0n || s.halvingEpochs <= 0n) return s.initialEpochReward
  const halvings = epoch / s.halvingEpochs
  return halvings >= 256n ? 0n : s.initialEpochReward >> halvings
}
