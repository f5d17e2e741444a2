/**
 * The sector state machine as ONE table keyed by state (Lotus storage/pipeline/fsm.go): what each state
 * runs, which event leads where, which failure state an error in it leads to, and which states are failure
 * states that retry after a backoff. Terminal states (Proving, Removed, FailedUnrecoverable) run nothing.
 * Two user events reach any state from outside the table: SectorForceState (`sectors update-state`) and
 * SectorRemove (`sectors remove`, to Removing).
 */
import type { SectorState } from './states.ts'
import type { Step } from './step.ts'
import { committing, finalizeSector, packing, preCommit1, preCommit2, removing, waitDeals } from './steps-seal.ts'
import { commitWait, getTicket, preCommitting, preCommitWait, submitCommit, waitSeed } from './steps-chain.ts'
import {
  commitFailed,
  computeProofFailed,
  finalizeFailed,
  packingFailed,
  preCommitFailed,
  removeFailed,
  sealPreCommit1Failed,
  sealPreCommit2Failed,
} from './steps-retry.ts'

export interface StateDef {
  /** The state's work; absent in terminal states. */
  readonly run?: Step
  /** Event name → next state. */
  readonly on: Readonly<Record<string, SectorState>>
  /** The event (a key of `on`) taken when `run` throws. */
  readonly fail?: string
  /** A failure state: `run` waits the retry backoff first and the sector's retry count goes up. */
  readonly retry?: boolean
}

export const TRANSITIONS: Readonly<Record<SectorState, StateDef>> = {
  WaitDeals: { run: waitDeals, on: { SectorStartPacking: 'Packing' } },
  Packing: {
    run: packing,
    on: { SectorPacked: 'GetTicket', SectorPackingFailed: 'PackingFailed' },
    fail: 'SectorPackingFailed',
  },
  GetTicket: {
    run: getTicket,
    on: { SectorTicket: 'PreCommit1', SectorSealPreCommit1Failed: 'SealPreCommit1Failed' },
    fail: 'SectorSealPreCommit1Failed',
  },
  PreCommit1: {
    run: preCommit1,
    on: {
      SectorPreCommit1: 'PreCommit2',
      SectorOldTicket: 'GetTicket',
      SectorSealPreCommit1Failed: 'SealPreCommit1Failed',
    },
    fail: 'SectorSealPreCommit1Failed',
  },
  PreCommit2: {
    run: preCommit2,
    on: { SectorPreCommit2: 'PreCommitting', SectorSealPreCommit2Failed: 'SealPreCommit2Failed' },
    fail: 'SectorSealPreCommit2Failed',
  },
  PreCommitting: {
    run: preCommitting,
    on: {
      SectorPreCommitted: 'PreCommitWait',
      SectorPreCommitLanded: 'WaitSeed',
      SectorOldTicket: 'GetTicket',
      SectorChainPreCommitFailed: 'PreCommitFailed',
    },
    fail: 'SectorChainPreCommitFailed',
  },
  PreCommitWait: {
    run: preCommitWait,
    on: { SectorPreCommitLanded: 'WaitSeed', SectorChainPreCommitFailed: 'PreCommitFailed' },
    fail: 'SectorChainPreCommitFailed',
  },
  WaitSeed: {
    run: waitSeed,
    on: { SectorSeedReady: 'Committing', SectorChainPreCommitFailed: 'PreCommitFailed' },
    fail: 'SectorChainPreCommitFailed',
  },
  Committing: {
    run: committing,
    on: { SectorCommitted: 'SubmitCommit', SectorComputeProofFailed: 'ComputeProofFailed' },
    fail: 'SectorComputeProofFailed',
  },
  SubmitCommit: {
    run: submitCommit,
    on: { SectorCommitSubmitted: 'CommitWait', SectorProving: 'FinalizeSector', SectorCommitFailed: 'CommitFailed' },
    fail: 'SectorCommitFailed',
  },
  CommitWait: {
    run: commitWait,
    on: { SectorProving: 'FinalizeSector', SectorCommitFailed: 'CommitFailed' },
    fail: 'SectorCommitFailed',
  },
  FinalizeSector: {
    run: finalizeSector,
    on: { SectorFinalized: 'Proving', SectorFinalizeFailed: 'FinalizeFailed' },
    fail: 'SectorFinalizeFailed',
  },
  Proving: { on: {} },
  PackingFailed: { run: packingFailed, retry: true, on: { SectorRetryPacking: 'Packing' } },
  SealPreCommit1Failed: { run: sealPreCommit1Failed, retry: true, on: { SectorRetrySealPreCommit1: 'PreCommit1' } },
  SealPreCommit2Failed: {
    run: sealPreCommit2Failed,
    retry: true,
    on: { SectorRetrySealPreCommit1: 'PreCommit1', SectorRetrySealPreCommit2: 'PreCommit2' },
  },
  PreCommitFailed: {
    run: preCommitFailed,
    retry: true,
    on: {
      SectorRetryWaitSeed: 'WaitSeed',
      SectorRetryPreCommitWait: 'PreCommitWait',
      SectorRetryPreCommit: 'PreCommitting',
    },
  },
  ComputeProofFailed: { run: computeProofFailed, retry: true, on: { SectorRetryComputeProof: 'Committing' } },
  CommitFailed: {
    run: commitFailed,
    retry: true,
    on: {
      SectorProving: 'FinalizeSector',
      SectorRetryCommitWait: 'CommitWait',
      SectorRetryComputeProof: 'Committing',
      SectorRetryPreCommit: 'PreCommitting',
      SectorRetrySubmitCommit: 'SubmitCommit',
    },
  },
  FinalizeFailed: { run: finalizeFailed, retry: true, on: { SectorRetryFinalize: 'FinalizeSector' } },
  FailedUnrecoverable: { on: {} },
  Removing: {
    run: removing,
    on: { SectorRemoved: 'Removed', SectorRemoveFailed: 'RemoveFailed' },
    fail: 'SectorRemoveFailed',
  },
  RemoveFailed: { run: removeFailed, retry: true, on: { SectorRetryRemove: 'Removing' } },
  Removed: { on: {} },
}

/** States a sector rests in: nothing more runs. */
export function isTerminal(state: SectorState): boolean {
  return TRANSITIONS[state].run === undefined
}
