/**
 * The sector states of the sealing pipeline, with Lotus's names (storage/pipeline/sector_state.go): the
 * committed-capacity happy path, the failure states that retry, and removal. A state name a user gives
 * (`sectors update-state`) is checked here.
 */
import { InvalidError } from '../../util/errors.ts'

export const SECTOR_STATES = [
  'WaitDeals',
  'Packing',
  'GetTicket',
  'PreCommit1',
  'PreCommit2',
  'PreCommitting',
  'PreCommitWait',
  'WaitSeed',
  'Committing',
  'SubmitCommit',
  'CommitWait',
  'FinalizeSector',
  'Proving',
  'PackingFailed',
  'SealPreCommit1Failed',
  'SealPreCommit2Failed',
  'PreCommitFailed',
  'ComputeProofFailed',
  'CommitFailed',
  'FinalizeFailed',
  'FailedUnrecoverable',
  'Removing',
  'RemoveFailed',
  'Removed',
] as const
export type SectorState = (typeof SECTOR_STATES)[number]

const KNOWN: ReadonlySet<string> = new Set(SECTOR_STATES)

export function isSectorState(name: string): name is SectorState {
  return KNOWN.has(name)
}

/** The state named `name`; InvalidError listing the known states otherwise. */
export function parseSectorState(name: string): SectorState {
  if (isSectorState(name)) return name
  throw new InvalidError(`unknown sector state ${JSON.stringify(name)} (known: ${SECTOR_STATES.join(', ')})`)
}
