/**
 * `lotus state sector <miner> <num>` (alias `sector-info`; lotus cli/state.go StateSectorCmd): one sector's
 * on-chain record, its epochs as Lotus's cliutil.EpochTimeTs, and the deadline and partition holding it.
 */
import type { TipSet } from '../../core/tipset.ts'
import { formatFil } from '../../core/token.ts'
import type { Command } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { humanDuration } from '../lotus-miner/proving-format.ts'
import { bigArg, fullApi } from './chain-api.ts'
import { type SectorJson, sectorPlaces } from './state-sectors.ts'
import { exactArgs, loadTipSet, minerArg, TIPSET_FLAG } from './state-tipset.ts'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

/** Go time.RFC822 (`02 Jan 06 15:04 MST`) in UTC. */
function rfc822(unixSecs: number): string {
  const d = new Date(unixSecs * 1000)
  const [day, mon, yr] = [two(d.getUTCDate()), MONTHS[d.getUTCMonth()], two(d.getUTCFullYear() % 100)]
  return `${day} ${mon} ${yr} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`
}

/** Lotus cliutil.EpochTimeTs(curr, e, ts): `120 (25 Nov 26 13:16 UTC, in 4 minutes)`. */
export function epochTimeTs(curr: number, e: number, ts: TipSet, blockDelay: number): string {
  const when = rfc822(ts.minTimestamp + (e - ts.height) * blockDelay)
  if (curr === e) return `${e} (${when}, now)`
  const d = humanDuration(Math.abs(curr - e) * blockDelay)
  return curr > e ? `${e} (${when}, ${d} ago)` : `${e} (${when}, in ${d})`
}

export const stateSector: Command = {
  name: 'sector',
  aliases: ['sector-info'],
  usage: 'Get miner sector info',
  argsUsage: '[minerAddress] [sectorNumber]',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const [mtext, ntext] = exactArgs(ctx, 2)
      const ts = await loadTipSet(ctx, api)
      const maddr = await minerArg(api, mtext!, ts)
      const n = bigArg(ntext!, 'sector number')
      const si = (await api.StateSectorGetInfo(maddr, n, ts.key)) as SectorJson | null
      if (!si) throw new CliError(`sector ${n} for miner ${maddr} not found`)
      const { blockDelay } = await api.Version()
      const at = (e: number) => epochTimeTs(ts.height, e, ts, blockDelay)
      const out = [
        `SectorNumber:  ${si.SectorNumber}`,
        `SealProof:  ${si.SealProof}`,
        `SealedCID:  ${si.SealedCID['/']}`,
      ]
      if (si.SectorKeyCID) out.push(`SectorKeyCID:  ${si.SectorKeyCID['/']}`)
      out.push('', `Activation:  ${at(si.Activation)}`, `Expiration:  ${at(si.Expiration)}`, '')
      out.push(`DealWeight:  ${si.DealWeight}`, `VerifiedDealWeight:  ${si.VerifiedDealWeight}`)
      out.push(`InitialPledge:  ${formatFil(BigInt(si.InitialPledge))}`, '')
      out.push(`DealIDs (deprecated): [${(si.DealIDs ?? []).join(' ')}]`)
      const sp = (await sectorPlaces(api, maddr, ts)).where.get(si.SectorNumber)
      if (!sp) throw new CliError(`sector ${n} not found in any deadline of ${maddr}`)
      out.push(`Deadline:  ${sp.deadline}`, `Partition:  ${sp.partition}`)
      ctx.stdout.write(`${out.join('\n')}\n`)
    }),
}
