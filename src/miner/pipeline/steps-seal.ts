/**
 * The pipeline steps that run sealing work through the scheduler (AP, PC1, PC2, C1, C2, FIN) and the
 * removal of a sector's files. The scheduler keys a call by its task, sector and arguments, so a step run
 * again after a restart joins the call still running or gets its stored result instead of redoing it.
 */
import { sealProof } from '../../proofs/registered-proof.ts'
import { type Outcome, need, type Step, type StepContext, sectorRef } from './step.ts'
import type { SectorRecord } from './sector-store.ts'

interface ApResult {
  commD: string
  pieces: { pieceCid: string; size: number; offset: number }[]
}
interface Pc2Result {
  commD: string
  commR: string
  unsealedCid: string
  sealedCid: string
}

/** WaitDeals: no deal market yet, so a sector waiting for deals is packed as committed capacity at once. */
export const waitDeals: Step = async () => ({ event: 'SectorStartPacking' })

/** Packing: AddPiece fills the sector with zeros (a committed-capacity sector). */
export const packing: Step = async (ctx, s) => {
  const size = sealProof(s.sealProof).sectorSize
  const out = (await ctx.sched.schedule(sectorRef(ctx, s), 'AP', {
    pieces: [{ size: (size / 128) * 127 }],
  })) as ApResult
  const pieces = out.pieces.map((p) => ({ Piece: { Size: p.size, PieceCID: { '/': p.pieceCid } }, DealInfo: null }))
  return { event: 'SectorPacked', data: { commD: out.commD, pieces: JSON.stringify(pieces) } }
}

/** PreCommit1: SDR labels from the ticket; back to GetTicket when the ticket got too old to precommit. */
export const preCommit1: Step = async (ctx, s) => {
  const head = await ctx.api.ChainHead()
  if (head.height - need(s, 'ticketEpoch') > ctx.policy.maxTicketAge)
    return { event: 'SectorOldTicket', message: `ticket epoch ${s.ticketEpoch} too old at ${head.height}` }
  await ctx.sched.schedule(sectorRef(ctx, s), 'PC1', { ticket: need(s, 'ticket'), commD: need(s, 'commD') })
  return { event: 'SectorPreCommit1' }
}

/** PreCommit2: the trees and the sealed replica; records CommD, CommR and their CIDs. */
export const preCommit2: Step = async (ctx, s) => {
  const out = (await ctx.sched.schedule(sectorRef(ctx, s), 'PC2', {})) as Pc2Result
  return {
    event: 'SectorPreCommit2',
    data: { commD: out.commD, commR: out.commR, unsealedCid: out.unsealedCid, sealedCid: out.sealedCid },
    message: `CommR ${out.sealedCid}`,
  }
}

/** Committing: C1 from ticket and seed, then C2; the proof is recorded before any message is sent. */
export const committing: Step = async (ctx, s) => {
  if (s.proof) return { event: 'SectorCommitted', message: 'proof already computed' }
  const ref = sectorRef(ctx, s)
  const c1 = (await ctx.sched.schedule(ref, 'C1', {
    ticket: need(s, 'ticket'),
    seed: need(s, 'seed'),
    commD: need(s, 'commD'),
  })) as { c1: string }
  const c2 = (await ctx.sched.schedule(ref, 'C2', { c1: c1.c1 })) as { proof: string }
  return { event: 'SectorCommitted', data: { proof: c2.proof } }
}

/** FinalizeSector: clears the cache's temporary files and moves the sector to a store path. */
export const finalizeSector: Step = async (ctx, s) => {
  await ctx.sched.schedule(sectorRef(ctx, s), 'FIN', { keepUnsealed: ctx.policy.keepUnsealed })
  return { event: 'SectorFinalized' }
}

/** Removing: the sector's files go from every path; the row stays, in Removed. */
export const removing: Step = async (ctx: StepContext, s: SectorRecord): Promise<Outcome> => {
  await ctx.removeFiles(sectorRef(ctx, s))
  return { event: 'SectorRemoved' }
}
