/**
 * The election lookback state (Lotus `GetLookbackTipSetForRound`): the state root that power, worker key,
 * eligibility and WinningPoSt sectors for `round` on the chain of `ts` are read from. Executes the
 * lookback tipset when no stored child names its state.
 */
import type { CID } from '../../core/cid.ts'
import type { TipSet } from '../../core/tipset.ts'
import type { StateManager } from '../state-manager/state-manager.ts'
import { lookbackForRound } from '../store/lookback.ts'

export async function lookbackStateRoot(sm: StateManager, ts: TipSet, round: number): Promise<CID> {
  const lb = await lookbackForRound(sm.chain, ts, round, sm.opts.profile.electionLookback)
  return lb.stateRoot ?? (await sm.tipSetState(lb.tipset)).stateRoot
}
