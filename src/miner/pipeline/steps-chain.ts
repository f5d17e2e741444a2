/**
 * The pipeline steps that talk to the chain through the FullNode API: the ticket, the PreCommit message
 * and its wait, the seed, the ProveCommit message and its wait. A message CID is recorded before anything
 * waits on it; a step that finds its message already recorded, waiting in the pool or its effect already
 * on chain moves on without sending again.
 */
import { AddressCodec } from '../../core/address.ts'
import { parseCid } from '../../core/cid.ts'
import { encode } from '../../core/codec.ts'
import { formatExitCode } from '../../core/exit-code.ts'
import { MinerMethod, type SectorPreCommitInfo, SectorPreCommitInfoCodec } from '../../core/miner-params.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { DomainSeparationTag } from '../../crypto/randomness.ts'
import { toHex } from '../../util/bytes.ts'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import { preCommitFromJson } from './chain-api.ts'
import { findPending, sendPreCommit, sendProveCommit } from './messages.ts'
import { ccExpiration } from './policy.ts'
import { need, type Step, type StepContext } from './step.ts'
import { abortable } from '../../util/abort.ts'

/** A message failed on chain, or its effect is not where it should be. */
export class ChainStepError extends LotusError {
  constructor(message: string) {
    super(ErrorCode.Invalid, message)
    this.name = 'ChainStepError'
  }
}

const EMPTY = TipSetKey.EMPTY

async function onChainPreCommit(ctx: StepContext, n: number) {
  return preCommitFromJson(await ctx.api.StateSectorPreCommitInfo(ctx.maddr, BigInt(n), EMPTY))
}

/** The entropy of the miner's randomness draws: its address in CBOR. */
const entropy = (ctx: StepContext) => encode(AddressCodec, ctx.maddr)

/** GetTicket: chain randomness `ticketLookback` behind the head (or the epoch a precommit on chain used). */
export const getTicket: Step = async (ctx, s) => {
  const head = await ctx.api.ChainHead()
  const pc = await onChainPreCommit(ctx, s.number)
  const epoch = pc ? pc.sealRandEpoch : Math.max(0, head.height - ctx.policy.ticketLookback)
  const rand = await ctx.api.StateGetRandomnessFromTickets(
    BigInt(DomainSeparationTag.SealRandomness),
    BigInt(epoch),
    entropy(ctx),
    head.key,
  )
  return { event: 'SectorTicket', data: { ticket: toHex(rand), ticketEpoch: epoch }, message: `ticket epoch ${epoch}` }
}

/** PreCommitting: sends PreCommitSectorBatch2 with the deposit, unless it was sent or landed already. */
export const preCommitting: Step = async (ctx, s) => {
  if (s.preCommitMsg) return { event: 'SectorPreCommitted', message: `message ${s.preCommitMsg} already sent` }
  const pc = await onChainPreCommit(ctx, s.number)
  if (pc) return { event: 'SectorPreCommitLanded', data: { preCommitEpoch: pc.preCommitEpoch }, message: 'on chain' }
  const pending = await findPending(ctx, MinerMethod.PreCommitSectorBatch2, s.number)
  if (pending) return { event: 'SectorPreCommitted', data: { preCommitMsg: pending.toString() }, message: 'in pool' }
  const head = await ctx.api.ChainHead()
  const ticketEpoch = need(s, 'ticketEpoch')
  if (head.height - ticketEpoch > ctx.policy.maxTicketAge)
    return { event: 'SectorOldTicket', message: `ticket epoch ${ticketEpoch} too old at ${head.height}` }
  const expiration = ccExpiration(ctx.policy, head.height)
  const pci: SectorPreCommitInfo = {
    sealProof: s.sealProof,
    sectorNumber: s.number,
    sealedCid: parseCid(need(s, 'sealedCid')),
    sealRandEpoch: ticketEpoch,
    dealIds: [],
    expiration,
    unsealedCid: null,
  }
  const deposit = await ctx.api.StateMinerPreCommitDepositForPower(
    ctx.maddr,
    SectorPreCommitInfoCodec.toJson(pci),
    EMPTY,
  )
  const cid = await sendPreCommit(ctx, pci, deposit)
  return {
    event: 'SectorPreCommitted',
    data: { preCommitMsg: cid.toString(), preCommitDeposit: deposit.toString(), expiration },
    message: `message ${cid}, deposit ${deposit}`,
  }
}

async function waitOk(ctx: StepContext, cidText: string, what: string) {
  const cid = parseCid(cidText)
  const lookup = await abortable(ctx.signal, ctx.api.StateWaitMsg(cid, BigInt(ctx.policy.msgConfidence), -1n, true))
  if (lookup.receipt.exitCode !== 0)
    throw new ChainStepError(`${what} message ${cid} failed: exit ${formatExitCode(lookup.receipt.exitCode)}`)
  return lookup
}

/** PreCommitWait: the PreCommit message executes and the precommit is on chain. */
export const preCommitWait: Step = async (ctx, s) => {
  const lookup = await waitOk(ctx, need(s, 'preCommitMsg'), 'precommit')
  const pc = await onChainPreCommit(ctx, s.number)
  if (!pc) throw new ChainStepError(`precommit message landed but sector ${s.number} is not precommitted on chain`)
  return {
    event: 'SectorPreCommitLanded',
    data: { preCommitEpoch: pc.preCommitEpoch },
    message: `landed at ${lookup.height}, precommit epoch ${pc.preCommitEpoch}`,
  }
}

/** WaitSeed: waits until the chain is `seedConfidence` past precommit epoch + challenge delay, then draws the seed. */
export const waitSeed: Step = async (ctx, s) => {
  const pc = await onChainPreCommit(ctx, s.number)
  if (!pc) throw new ChainStepError(`sector ${s.number} has no precommit on chain`)
  const seedEpoch = pc.preCommitEpoch + ctx.policy.preCommitChallengeDelay
  for (;;) {
    const head = await ctx.api.ChainHead()
    if (head.height >= seedEpoch + ctx.policy.seedConfidence) {
      const seed = await ctx.api.StateGetRandomnessFromBeacon(
        BigInt(DomainSeparationTag.InteractiveSealChallengeSeed),
        BigInt(seedEpoch),
        entropy(ctx),
        head.key,
      )
      return {
        event: 'SectorSeedReady',
        data: { seed: toHex(seed), seedEpoch, preCommitEpoch: pc.preCommitEpoch },
        message: `seed epoch ${seedEpoch}`,
      }
    }
    await ctx.sleep(ctx.policy.pollMs)
  }
}

/** SubmitCommit: sends ProveCommitSectors3 with the pledge less the deposit, unless sent or proven already. */
export const submitCommit: Step = async (ctx, s) => {
  if (s.commitMsg) return { event: 'SectorCommitSubmitted', message: `message ${s.commitMsg} already sent` }
  if ((await ctx.api.StateSectorGetInfo(ctx.maddr, BigInt(s.number), EMPTY)) != null)
    return { event: 'SectorProving', message: 'sector already proven on chain' }
  const pending = await findPending(ctx, MinerMethod.ProveCommitSectors3, s.number)
  if (pending) return { event: 'SectorCommitSubmitted', data: { commitMsg: pending.toString() }, message: 'in pool' }
  const pc = await onChainPreCommit(ctx, s.number)
  if (!pc) throw new ChainStepError(`sector ${s.number} has no precommit on chain to prove`)
  const pledge = await ctx.api.StateMinerInitialPledgeCollateral(ctx.maddr, pc.info, EMPTY)
  const collateral = pledge > pc.deposit ? pledge - pc.deposit : 0n
  const cid = await sendProveCommit(ctx, s.number, need(s, 'proof'), collateral)
  return {
    event: 'SectorCommitSubmitted',
    data: { commitMsg: cid.toString() },
    message: `message ${cid}, collateral ${collateral}`,
  }
}

/** CommitWait: the ProveCommit message executes and the sector is on chain. */
export const commitWait: Step = async (ctx, s) => {
  const lookup = await waitOk(ctx, need(s, 'commitMsg'), 'prove-commit')
  if ((await ctx.api.StateSectorGetInfo(ctx.maddr, BigInt(s.number), EMPTY)) == null)
    throw new ChainStepError(`prove-commit landed but sector ${s.number} is not on chain`)
  return { event: 'SectorProving', message: `landed at ${lookup.height}` }
}
