/**
 * The text of `lotus-miner sectors status` and `sectors list` as Lotus prints it (cli/spcli/sectors.go),
 * from api.SectorInfo values: Go's `%x` of bytes, `<nil>` for an absent CID, Go's time format for log
 * entries, Lotus's table layout (a column nobody fills is dropped) without the terminal colours.
 */
import type { SectorInfo } from '../../api/miner/sectors-types.ts'
import { formatFil, formatFilShort } from '../../core/token.ts'
import { toHex } from '../../util/bytes.ts'
import { goDuration } from '../framework/go-format.ts'
import { TableWriter } from '../framework/table.ts'

const cidText = (c: { toString(): string } | null) => (c ? c.toString() : '<nil>')
const hex = (b: Uint8Array | null) => (b ? toHex(b) : '')

/** Go's `time.Time.String()` of a Unix time in UTC: `2026-11-25 12:00:00 +0000 UTC`. */
export function goTime(unixSecs: number): string {
  return `${new Date(unixSecs * 1000).toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC`
}

export interface StatusOptions {
  readonly log?: boolean
  readonly onChainInfo?: boolean
  readonly proof?: boolean
}

/** `sectors status [--log] [--on-chain-info] [--proof] <n>`. */
export function formatSectorStatus(s: SectorInfo, opts: StatusOptions = {}): string {
  const out = [
    `SectorID:\t${s.SectorID}`,
    `Status:\t\t${s.State}`,
    `CIDcommD:\t${cidText(s.CommD)}`,
    `CIDcommR:\t${cidText(s.CommR)}`,
    `Ticket:\t\t${hex(s.Ticket.Value)}`,
    `TicketH:\t${s.Ticket.Epoch}`,
    `Seed:\t\t${hex(s.Seed.Value)}`,
    `SeedH:\t\t${s.Seed.Epoch}`,
    `Precommit:\t${cidText(s.PreCommitMsg)}`,
    `Commit:\t\t${cidText(s.CommitMsg)}`,
  ]
  if (opts.proof) out.push(`Proof:\t\t${hex(s.Proof)}`)
  out.push(`Deals:\t\t[${s.Deals.join(' ')}]`, `Retries:\t${s.Retries}`)
  if (s.LastErr !== '') out.push(`Last Error:\t\t${s.LastErr}`)
  if (opts.onChainInfo) {
    out.push(
      '',
      'Sector On Chain Info',
      `SealProof:\t\t${s.SealProof.toString(16)}`,
      `Activation:\t\t${s.Activation}`,
      `Expiration:\t\t${s.Expiration}`,
      `DealWeight:\t\t${s.DealWeight}`,
      `VerifiedDealWeight:\t\t${s.VerifiedDealWeight}`,
      `InitialPledge:\t\t${formatFil(s.InitialPledge)}`,
      '',
      'Expiration Info',
      `OnTime:\t\t${s.OnTime}`,
      `Early:\t\t${s.Early}`,
    )
  }
  if (opts.log) {
    out.push('--------', 'Event Log:')
    s.Log.forEach((l, i) => {
      out.push(`${i}.\t${goTime(l.Timestamp)}:\t[${l.Kind}]\t${l.Message}`)
      if (l.Trace !== '') out.push(`\t${l.Trace}`)
    })
  }
  return `${out.join('\n')}\n`
}

export interface ListOptions {
  readonly fast?: boolean
  readonly events?: boolean
  readonly sealTime?: boolean
  readonly initialPledge?: boolean
  /** An epoch as Lotus prints it next to the head (`cliutil.EpochTime`). */
  readonly epochText: (epoch: number) => string
}

/** One sector of `sectors list`: its status and whether it is on chain and active there. */
export interface ListedSector {
  readonly status: SectorInfo
  readonly onChain: boolean
  readonly active: boolean
}

const yesno = (b: boolean) => (b ? 'YES' : 'NO')

/** `sectors list`: columns ID State OnChain Active Expiration SealTime Events Deals DealWeight VerifiedPower Pledge. */
export function formatSectorsList(sectors: readonly ListedSector[], opts: ListOptions): string {
  const tw = new TableWriter([
    { name: 'ID' },
    { name: 'State' },
    { name: 'OnChain' },
    { name: 'Active' },
    { name: 'Expiration' },
    { name: 'SealTime' },
    { name: 'Events' },
    { name: 'Deals' },
    { name: 'DealWeight' },
    { name: 'VerifiedPower' },
    { name: 'Pledge' },
    { name: 'Error', separateLine: true },
    { name: 'RecoveryTimeout', separateLine: true },
  ])
  for (const { status: st, onChain, active } of [...sectors].sort((a, b) => a.status.SectorID - b.status.SectorID)) {
    const deals = st.Deals.filter((d) => d !== 0n).length
    let exp = st.Expiration
    if (st.OnTime > 0 && st.OnTime < exp) exp = st.OnTime
    if (st.Early > 0 && st.Early < exp) exp = st.Early
    const row: Record<string, unknown> = {
      ID: st.SectorID,
      State: st.State,
      OnChain: yesno(onChain),
      Active: yesno(active),
      Deals: deals > 0 ? deals : st.ToUpgrade ? 'CC(upgrade)' : 'CC',
    }
    if (!opts.fast) {
      row.Expiration = onChain ? opts.epochText(exp) : 'n/a'
      if (onChain && st.Early > 0) row.RecoveryTimeout = opts.epochText(st.Early)
      if (onChain && opts.initialPledge) row.Pledge = formatFilShort(st.InitialPledge)
    }
    if (opts.events) {
      row.Events = st.Log.filter((l) => l.Kind.startsWith('event') && l.Kind !== 'event;sealing.SectorRestart').length
    }
    if (opts.sealTime && st.Log.length > 1) {
      const end = st.Log.find((l) => l.Kind === 'event;sealing.SectorProving')
      if (end) row.SealTime = goDuration((end.Timestamp - st.Log[0]!.Timestamp) * 1e9)
    }
    tw.write(row)
  }
  return tw.toString()
}
