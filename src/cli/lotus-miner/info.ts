/**
 * `lotus-miner info` (Lotus cmd/lotus-miner/info.go): the miner's address and sector size, its power
 * against the network's, committed and proving space, the expected win rate, balances (miner, worker,
 * control addresses), sector counts from the chain and the connected workers by kind.
 */
import type { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { formatFil } from '../../core/token.ts'
import { minerInfoFromJson } from '../../miner/proving/chain-view.ts'
import type { Command } from '../framework/command.ts'
import { goDuration, sizeStr } from '../framework/go-format.ts'
import { withMinerAndChain } from './proving-api.ts'

const HEAD = TipSetKey.EMPTY

/** Lotus types.DeciStr: a power figure with binary units and no `B` (`6 Ki`). */
export const deciStr = (n: bigint) => sizeStr(Number(n)).replace(/ ?B$/, '')

export interface InfoData {
  miner: string
  sectorSize: number
  qaPower: bigint
  totalQa: bigint
  rawPower: bigint
  totalRaw: bigint
  hasMinPower: boolean
  live: number
  active: number
  faulty: number
  blockDelaySecs: number
  expectedLeaders: number
  minerBalance: bigint
  available: bigint
  workerBalance: bigint
  controlBalances: bigint[]
  workers: { seal: number; wdpost: number; winpost: number }
}

const pct = (a: bigint, b: bigint) => (b === 0n ? 0 : Number((a * 1_000_000n) / b) / 10_000)

export function formatInfo(d: InfoData): string {
  const size = BigInt(d.sectorSize)
  const lines = [
    `Miner: ${d.miner} (${sizeStr(d.sectorSize)} sectors)`,
    `Power: ${deciStr(d.qaPower)} / ${deciStr(d.totalQa)} (${pct(d.qaPower, d.totalQa).toFixed(4)}%)`,
    `\tRaw: ${sizeStr(Number(d.rawPower))} / ${sizeStr(Number(d.totalRaw))} (${pct(d.rawPower, d.totalRaw).toFixed(4)}%)`,
    `\tCommitted: ${sizeStr(Number(BigInt(d.live) * size))}`,
  ]
  const proving = BigInt(d.active + d.faulty) * size
  if (d.faulty === 0) lines.push(`\tProving: ${sizeStr(Number(proving))}`)
  else
    lines.push(
      `\tProving: ${sizeStr(Number(proving))} (${sizeStr(d.faulty * d.sectorSize)} Faulty, ${((d.faulty * 100) / (d.active + d.faulty)).toFixed(2)}%)`,
    )
  if (!d.hasMinPower || d.totalQa === 0n) lines.push('Below minimum power threshold, no blocks will be won')
  else {
    const perDay = ((86400 / d.blockDelaySecs) * d.expectedLeaders * Number(d.qaPower)) / Number(d.totalQa)
    lines.push(
      `Expected block win rate: ${perDay.toFixed(4)}/day (every ${goDuration(Math.floor(86400 / perDay) * 1e9)})`,
    )
  }
  const controls = d.controlBalances.reduce((a, b) => a + b, 0n)
  lines.push(
    '',
    `Miner Balance:    ${formatFil(d.minerBalance)}`,
    `      Locked:     ${formatFil(d.minerBalance - d.available)}`,
    `      Available:  ${formatFil(d.available)}`,
    `Worker Balance:   ${formatFil(d.workerBalance)}`,
  )
  if (d.controlBalances.length > 0) lines.push(`       Control:   ${formatFil(controls)}`)
  lines.push(
    `Total Spendable:  ${formatFil(d.available + d.workerBalance + controls)}`,
    '',
    'Sectors:',
    `\tTotal: ${d.live}`,
    `\tProving: ${d.active}`,
  )
  if (d.faulty > 0) lines.push(`\tFaulty: ${d.faulty}`)
  lines.push('', `Workers: Seal(${d.workers.seal}) WdPoSt(${d.workers.wdpost}) WinPoSt(${d.workers.winpost})`, '')
  return lines.join('\n')
}

export const infoCmd: Command = {
  name: 'info',
  usage: 'Print miner info',
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ miner, full, maddr }) => {
      const mi = minerInfoFromJson(await full.StateMinerInfo(maddr, HEAD))
      const [pow, counts, actor, available, version, stats] = await Promise.all([
        full.StateMinerPower(maddr, HEAD),
        full.StateMinerSectorCount(maddr, HEAD) as Promise<{ Live: number; Active: number; Faulty: number }>,
        full.StateGetActor(maddr, HEAD),
        full.StateMinerAvailableBalance(maddr, HEAD),
        full.Version(),
        miner.WorkerStats(),
      ])
      const balanceOf = async (a: Address) => full.WalletBalance(await full.StateAccountKey(a, HEAD))
      const workers = { seal: 0, wdpost: 0, winpost: 0 }
      for (const w of Object.values(stats)) {
        const t = new Set(w.tasks)
        if (t.has('post/v0/windowproof') || t.has('WDP')) workers.wdpost++
        else if (t.has('post/v0/winningproof') || t.has('WNP')) workers.winpost++
        else workers.seal++
      }
      ctx.stdout.write(
        formatInfo({
          miner: maddr.toString(),
          sectorSize: mi.sectorSize,
          qaPower: pow.minerPower.qualityAdjPower,
          totalQa: pow.totalPower.qualityAdjPower,
          rawPower: pow.minerPower.rawBytePower,
          totalRaw: pow.totalPower.rawBytePower,
          hasMinPower: pow.hasMinPower,
          live: Number(counts.Live),
          active: Number(counts.Active),
          faulty: Number(counts.Faulty),
          blockDelaySecs: version.blockDelay,
          expectedLeaders: 5,
          minerBalance: actor.balance,
          available,
          workerBalance: await balanceOf(mi.worker),
          controlBalances: await Promise.all(mi.controlAddresses.map(balanceOf)),
          workers,
        }),
      )
    }),
}
