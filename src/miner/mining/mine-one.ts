/**
 * One mining attempt on a base (Lotus `miner.mineOne`): MinerGetBaseInfo for the round, the election, and
 * for a winner the ticket, the WinningPoSt, the messages (MpoolSelect) and the block assembled by the daemon
 * (MinerCreateBlock). Returns null when the miner has no power, is not eligible, or did not win. Each step's
 * duration is reported, as Lotus logs them when production overruns the block time.
 */
import type { BlockMsg } from '../../core/mining.ts'
import type { Address } from '../../core/address.ts'
import type { PoStProof } from '../../core/post-proof.ts'
import type { TipSet } from '../../core/tipset.ts'
import { winningPoStDraw } from '../../crypto/election-draws.ts'
import type { Clock, MiningApi } from './deps.ts'
import { computeTicket, isRoundWinner, ticketQuality } from './election.ts'
import type { WinningPoStRequest } from './winning-post.ts'

/** Lotus `MiningBase`: the tipset mined on and how many rounds have passed on it without a block. */
export interface MiningBase {
  readonly tipSet: TipSet
  nullRounds: number
}

export interface MineOneDeps {
  readonly api: MiningApi
  readonly clock: Clock
  readonly prove: (req: WinningPoStRequest, signal?: AbortSignal) => Promise<PoStProof[]>
}

export interface MineOneOptions {
  readonly miner: Address
  readonly blockDelaySecs: number
}

/** Milliseconds spent in each step of a won round. */
export interface MineTimings {
  baseInfo: number
  election: number
  ticket: number
  winningPoSt: number
  selectMessages: number
  createBlock: number
  total: number
}

export interface Mined {
  readonly block: BlockMsg
  readonly timings: MineTimings
}

/** The height a base is mined at. */
export const roundOf = (base: MiningBase): number => base.tipSet.height + base.nullRounds + 1

/** The timestamp of a block on `base` (parent min timestamp + block delay per epoch). */
export const blockTimestamp = (base: MiningBase, blockDelaySecs: number): number =>
  base.tipSet.minTimestamp + blockDelaySecs * (base.nullRounds + 1)

export async function mineOne(
  deps: MineOneDeps,
  opts: MineOneOptions,
  base: MiningBase,
  signal?: AbortSignal,
): Promise<Mined | null> {
  const { api, clock } = deps
  const start = clock.now()
  let t = start
  const lap = () => {
    const now = clock.now()
    const d = now - t
    t = now
    return d
  }
  const round = roundOf(base)
  const mbi = await api.MinerGetBaseInfo(opts.miner, BigInt(round), base.tipSet.key)
  if (mbi === null || !mbi.eligibleForMining) return null
  const baseInfo = lap()

  const bvals = mbi.beaconEntries
  const rbase = bvals.length > 0 ? bvals[bvals.length - 1]! : mbi.prevBeaconEntry
  const r = { miner: opts.miner, worker: mbi.workerKey, rbase, round }
  const eproof = await isRoundWinner(api.WalletSign, r, { miner: mbi.minerPower, network: mbi.networkPower })
  if (eproof === null) return null
  const election = lap()

  const ticket = await computeTicket(api.WalletSign, r, base.tipSet.minTicket)
  const ticketMs = lap()

  const randomness = winningPoStDraw(rbase.data, opts.miner, round)
  const winningPoStProof = await deps.prove({ miner: opts.miner, sectors: mbi.sectors, randomness }, signal)
  const winningPoSt = lap()

  const messages = await api.MpoolSelect(base.tipSet.key, ticketQuality(ticket))
  const selectMessages = lap()

  const block = await api.MinerCreateBlock({
    miner: opts.miner,
    parents: base.tipSet.key,
    ticket,
    eproof,
    beaconValues: bvals,
    messages,
    epoch: BigInt(round),
    timestamp: BigInt(blockTimestamp(base, opts.blockDelaySecs)),
    winningPoStProof,
  })
  const createBlock = lap()
  return {
    block,
    timings: {
      baseInfo,
      election,
      ticket: ticketMs,
      winningPoSt,
      selectMessages,
      createBlock,
      total: t - start,
    },
  }
}
