/**
 * Whole-block validation (Lotus `filcns.ValidateBlock` with `checkBlockMessages`): gathers what the
 * consensus checks read (the parent chain's latest beacon entry, the election lookback state, the state
 * the parent was mined on, the parent's gas limits) and runs, in order, every header check, the execution
 * checks against the parent tipset executed by the state manager, every message check on the state after
 * the parent, and the funds check. The first broken rule throws an InvalidError naming it.
 */
import type { BeaconEntry } from '../../core/beacon-entry.ts'
import type { BlockHeader } from '../../core/block-header.ts'
import type { TipSet } from '../../core/tipset.ts'
import { errorMessage, InvalidError, LotusError } from '../../util/errors.ts'
import type { BlockContext, ProofVerifier } from '../consensus/block-context.ts'
import { validateExecution } from '../consensus/execution-checks.ts'
import { headerChecks } from '../consensus/header-checks.ts'
import { validateBlockMessages } from '../consensus/message-checks.ts'
import { lookbackStateRoot } from '../mining/lookback-state.ts'
import { TreeStateView } from '../state-manager/tree-view.ts'
import type { StateManager } from '../state-manager/state-manager.ts'
import type { BlockMessageLists } from '../store/msg-meta.ts'
import { msgMetaOf } from './block-messages.ts'
import { fundsCheck } from './funds-check.ts'

export interface ValidatorDeps {
  sm: StateManager
  /** Beacon entries and WinningPoSt (daemon/block-proofs.ts in the daemon). */
  proofs: ProofVerifier
  /** The latest beacon entry on the chain ending at a tipset (Lotus `GetLatestBeaconEntry`). */
  latestBeacon(ts: TipSet): Promise<BeaconEntry>
  /** Unix seconds now. */
  now(): number
}

async function run(rule: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn()
  } catch (err) {
    if (err instanceof InvalidError) throw err
    if (err instanceof LotusError) throw new InvalidError(`${rule}: ${errorMessage(err)}`, { cause: err })
    throw err
  }
}

/**
 * The header checks, the beacon's first: a forged beacon entry changes the randomness base, so the ticket
 * and election checks after it would fail too; the error names the cause.
 */
const beaconCheck = headerChecks.filter((c) => c.name === 'beacon')
const HEADER_CHECKS = headerChecks.flatMap((c) =>
  c.name === 'beacon' ? [] : c.name === 'election' ? [...beaconCheck, c] : [c],
)

async function runHeaderChecks(ctx: BlockContext): Promise<void> {
  for (const check of HEADER_CHECKS) {
    try {
      await check.run(ctx)
    } catch (err) {
      if (err instanceof LotusError) throw err
      throw new InvalidError(`block check ${check.name}: ${errorMessage(err)}`, { cause: err })
    }
  }
}

/** Validates `header` (with its messages) as a child of `parent`; resolves when every rule holds. */
export async function validateBlock(
  deps: ValidatorDeps,
  parent: TipSet,
  header: BlockHeader,
  msgs: BlockMessageLists,
): Promise<void> {
  const { sm } = deps
  const view = (root: () => Promise<BlockHeader['parentStateRoot']>) =>
    new TreeStateView(sm.deps.store, root, sm.policy)
  const profile = sm.opts.profile
  const ctx: BlockContext = {
    header,
    parent,
    now: deps.now(),
    profile,
    prevBeacon: await deps.latestBeacon(parent),
    lookbackState: view(() => lookbackStateRoot(sm, parent, header.height)),
    parentTipsetState: view(async () => parent.parentState),
    parentGasLimits: (await sm.chain.messagesForTipSet(parent)).map((m) => m.message.gasLimit),
    proofs: deps.proofs,
  }
  await run('block header', () => runHeaderChecks(ctx))
  const exec = await sm.tipSetState(parent)
  await run('parent execution', async () =>
    validateExecution({ header, computedStateRoot: exec.stateRoot, computedReceiptsRoot: exec.receiptsRoot }),
  )
  const msgCtx = {
    header,
    profile,
    ...msgs,
    msgMetaCid: await msgMetaOf(msgs),
    state: view(async () => exec.stateRoot),
  }
  await run('block messages', () => validateBlockMessages(msgCtx))
  await run('block messages', async () => fundsCheck.run(msgCtx))
}
