/**
 * The handlers of the sectors methods of the StorageMiner API (src/api/miner/sectors.ts) over the sealing
 * pipeline: pledge, list, status with the event log and on-chain info, summary, update-state and remove.
 * Without a pipeline (the miner has no FullNode API or no actor) every method answers why.
 */
import type { SectorInfo } from '../../api/miner/sectors-types.ts'
import type { SectorsMethods } from '../../api/miner/sectors.ts'
import type { Handlers } from '../../api/server/dispatch.ts'
import { BigIntCodec } from '../../core/bigint.ts'
import { parseCid } from '../../core/cid.ts'
import { jsonField } from '../../core/codec.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { fromBase64, fromHex } from '../../util/bytes.ts'
import { ErrorCode, LotusError } from '../../util/errors.ts'
import type { PipelineApi } from './chain-api.ts'
import type { SealingPipeline } from './pipeline.ts'
import type { SectorLogEntry, SectorRecord } from './sector-store.ts'
import { parseSectorState } from './states.ts'

/** The sealing pipeline is not running in this miner. */
export class PipelineUnavailableError extends LotusError {
  constructor(why: string) {
    super(ErrorCode.NotFound, `sealing pipeline not running: ${why}`)
    this.name = 'PipelineUnavailableError'
  }
}

const cidOrNull = (s: string | null) => (s ? parseCid(s) : null)
const hexOrNull = (s: string | null) => (s ? fromHex(s) : null)

/** api.SectorInfo of a sector row and its log (on-chain fields zero). */
export function sectorInfo(s: SectorRecord, log: readonly SectorLogEntry[]): SectorInfo {
  return {
    SectorID: s.number,
    State: s.state,
    CommD: cidOrNull(s.unsealedCid),
    CommR: cidOrNull(s.sealedCid),
    Proof: s.proof ? fromBase64(s.proof) : null,
    Deals: [],
    Pieces: s.pieces ? (JSON.parse(s.pieces) as unknown[]) : [],
    Ticket: { Value: hexOrNull(s.ticket), Epoch: s.ticketEpoch ?? 0 },
    Seed: { Value: hexOrNull(s.seed), Epoch: s.seedEpoch ?? 0 },
    PreCommitMsg: cidOrNull(s.preCommitMsg),
    CommitMsg: cidOrNull(s.commitMsg),
    Retries: s.retries,
    ToUpgrade: false,
    ReplicaUpdateMessage: null,
    LastErr: s.lastErr,
    Log: log.map((l) => ({ Kind: l.kind, Timestamp: Math.floor(l.at / 1000), Trace: l.trace, Message: l.message })),
    SealProof: s.sealProof,
    Activation: 0,
    Expiration: 0,
    DealWeight: 0n,
    VerifiedDealWeight: 0n,
    InitialPledge: 0n,
    OnTime: 0,
    Early: 0,
  }
}

/** Adds the on-chain fields of SectorOnChainInfo (Lotus-JSON) to a status. */
function withOnChain(info: SectorInfo, json: unknown): SectorInfo {
  if (json === null || json === undefined) return info
  const f = 'SectorOnChainInfo'
  const num = (k: string) => Number(jsonField(json, k, f))
  const big = (k: string) => BigIntCodec.fromJson(jsonField(json, k, f), `${f}.${k}`)
  return {
    ...info,
    SealProof: num('SealProof'),
    Activation: num('Activation'),
    Expiration: num('Expiration'),
    DealWeight: big('DealWeight'),
    VerifiedDealWeight: big('VerifiedDealWeight'),
    InitialPledge: big('InitialPledge'),
    OnTime: num('Expiration'),
  }
}

export function sectorsHandlers(
  pipeline: () => SealingPipeline | undefined,
  api: () => Pick<PipelineApi, 'StateSectorGetInfo'> | undefined,
  why: string,
): Handlers<typeof SectorsMethods> {
  const p = (): SealingPipeline => {
    const got = pipeline()
    if (!got) throw new PipelineUnavailableError(why)
    return got
  }
  return {
    PledgeSector: async () => {
      const pl = p()
      const s = await pl.pledge()
      return { Miner: pl.minerId, Number: s.number }
    },
    SectorsList: () =>
      p()
        .store.list()
        .map((s) => s.number),
    SectorsListInStates: (_ctx, states) => {
      const want = new Set(states.map(parseSectorState))
      return p()
        .store.list()
        .filter((s) => want.has(s.state))
        .map((s) => s.number)
    },
    SectorsStatus: async (_ctx, n, showOnChainInfo) => {
      const pl = p()
      const s = pl.store.get(n)
      const info = sectorInfo(s, pl.store.log(s.number))
      const chain = api()
      if (!showOnChainInfo || !chain) return info
      return withOnChain(info, await chain.StateSectorGetInfo(pl.maddr, BigInt(n), TipSetKey.EMPTY))
    },
    SectorsSummary: () => {
      const out: Record<string, number> = {}
      for (const s of p().store.list()) out[s.state] = (out[s.state] ?? 0) + 1
      return out
    },
    SectorsUpdate: (_ctx, n, state) => {
      p().forceState(n, parseSectorState(state))
      return undefined
    },
    SectorRemove: (_ctx, n) => {
      p().remove(n)
      return undefined
    },
  }
}
