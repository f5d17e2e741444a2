/**
 * `lotus state sectors <miner>` (alias `active-sectors`, Lotus's name before it merged the two) and
 * `lotus state sector <miner> <num>` (lotus cli/state.go): the active (or `--all`) sectors as Lotus's CSV,
 * and one sector's on-chain record with its deadline and partition.
 */
import type { Address } from '../../core/address.ts'
import type { TipSet } from '../../core/tipset.ts'
import { formatFil } from '../../core/token.ts'
import { BitField } from '../../crypto/bitfield.ts'
import { partitionFromJson } from '../../miner/proving/chain-view.ts'
import { bool, type Command } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { fullApi } from './chain-api.ts'
import { exactArgs, type FullApi, loadTipSet, minerArg, TIPSET_FLAG } from './state-tipset.ts'

/** SectorOnChainInfo as the API returns it (Lotus-JSON; DealIDs is `json:"-"` in Lotus, so usually absent). */
export interface SectorJson {
  SectorNumber: number
  SealProof: number
  SealedCID: { '/': string }
  SectorKeyCID: { '/': string } | null
  DealIDs?: number[] | null
  Activation: number
  Expiration: number
  DealWeight: string
  VerifiedDealWeight: string
  InitialPledge: string
  DailyFee?: string
}

/** Where each sector sits (Lotus StateSectorPartition) and which are active (StateMinerActiveSectors). */
export async function sectorPlaces(api: FullApi, maddr: Address, ts: TipSet) {
  const where = new Map<number, { deadline: number; partition: number }>()
  let active = BitField.empty
  const deadlines = (await api.StateMinerDeadlines(maddr, ts.key)) as unknown[]
  const byDeadline = await Promise.all(
    deadlines.map(async (_, dl) => (await api.StateMinerPartitions(maddr, BigInt(dl), ts.key)) as unknown[]),
  )
  for (const [deadline, parts] of byDeadline.entries())
    for (const [partition, j] of parts.entries()) {
      const p = partitionFromJson(j, partition)
      for (const n of p.all.toArray()) where.set(n, { deadline, partition })
      active = active.union(p.active)
    }
  return { where, active }
}

/** Lotus's epochStr for --human: the epoch's wall-clock time from the tipset's, `2006-01-02 15:04:05` UTC. */
const epochUtc = (ts: TipSet, e: number, blockDelay: number) =>
  new Date((ts.minTimestamp + (e - ts.height) * blockDelay) * 1000).toISOString().slice(0, 19).replace('T', ' ')

export const stateSectors: Command = {
  name: 'sectors',
  aliases: ['active-sectors'],
  usage: 'Query the active sector set of a miner (use --all for the full sector set)',
  argsUsage: '[minerAddress]',
  flags: [
    { name: 'show-partitions', kind: 'bool', usage: 'show sector deadlines and partitions' },
    { name: 'all', kind: 'bool', usage: 'show all sectors' },
    { name: 'human', kind: 'bool', usage: 'show human-readable UTC time and FIL values instead of raw epoch/attoFIL' },
    TIPSET_FLAG,
  ],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const [text] = exactArgs(ctx, 1)
      const ts = await loadTipSet(ctx, api)
      const maddr = await minerArg(api, text!, ts)
      const places = await sectorPlaces(api, maddr, ts)
      const filter = bool(ctx, 'all') ? null : places.active
      const sectors = (await api.StateMinerSectors(maddr, filter, ts.key)) as SectorJson[]
      const [showParts, human] = [bool(ctx, 'show-partitions'), bool(ctx, 'human')]
      const blockDelay = human ? (await api.Version()).blockDelay : 0
      const epoch = (e: number) => (human ? epochUtc(ts, e, blockDelay) : String(e))
      const fil = (v: string | undefined) =>
        v === undefined ? '0' : human ? formatFil(BigInt(v)).replace(/ FIL$/, '') : v
      const header = ['Sector Number', ...(showParts ? ['Deadline', 'Partition'] : []), 'Sealed CID']
      if (human) header.push('Activation (UTC)', 'Expiration (UTC)', 'InitialPledge (FIL)', 'DailyFee (FIL)')
      else header.push('Activation', 'Expiration', 'InitialPledge (attoFIL)', 'DailyFee (attoFIL)')
      const rows = [header]
      for (const s of sectors) {
        const at = places.where.get(s.SectorNumber)
        if (showParts && !at) throw new CliError(`sector ${s.SectorNumber} not found in any partition of ${maddr}`)
        rows.push([
          String(s.SectorNumber),
          ...(showParts ? [String(at!.deadline), String(at!.partition)] : []),
          s.SealedCID['/'],
          epoch(s.Activation),
          epoch(s.Expiration),
          fil(s.InitialPledge),
          fil(s.DailyFee),
        ])
      }
      ctx.stdout.write(rows.map((r) => `${r.join(',')}\n`).join(''))
    }),
}
