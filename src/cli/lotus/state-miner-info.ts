/**
 * `lotus state miner-info <miner>` and `lotus state miner-proving-deadline <miner>` (lotus cli/spcli/info.go
 * InfoCmd, cli/state.go): balances, keys, peer, sector size, byte and actual power against the network's,
 * the proving period start, and the current deadline's epochs, line for line as Lotus prints them.
 */
import { formatFil } from '../../core/token.ts'
import { deadlineInfoFromJson } from '../../miner/proving/chain-view.ts'
import { fromBase64 } from '../../util/bytes.ts'
import type { Command } from '../framework/command.ts'
import { sizeStr } from '../framework/go-format.ts'
import { deciStr } from '../lotus-miner/info.ts'
import { epochTime } from '../lotus-miner/proving-format.ts'
import { fullApi } from './chain-api.ts'
import { multiaddrString } from './state-multiaddr.ts'
import { exactArgs, loadTipSet, minerArg, percent, TIPSET_FLAG } from './state-tipset.ts'

interface MinerInfoJson {
  Owner: string
  Worker: string
  ControlAddresses: string[] | null
  PeerId: string | null
  Multiaddrs: string[] | null
  SectorSize: number
  ConsensusFaultElapsed: number
  Beneficiary: string
  BeneficiaryTerm: { Quota: string; UsedQuota: string; Expiration: number }
  PendingBeneficiaryTerm: {
    NewBeneficiary: string
    NewQuota: string
    NewExpiration: number
    ApprovedByBeneficiary: boolean
    ApprovedByNominee: boolean
  } | null
}

export const stateMinerInfo: Command = {
  name: 'miner-info',
  usage: 'Retrieve miner information',
  argsUsage: '[minerAddress]',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const [text] = exactArgs(ctx, 1)
      const ts = await loadTipSet(ctx, api)
      const maddr = await minerArg(api, text!, ts)
      const mi = (await api.StateMinerInfo(maddr, ts.key)) as MinerInfoJson
      const available = await api.StateMinerAvailableBalance(maddr, ts.key)
      const out: string[] = [
        `Available Balance: ${formatFil(available)}`,
        `Owner:\t${mi.Owner}`,
        `Worker:\t${mi.Worker}`,
      ]
      for (const [i, c] of (mi.ControlAddresses ?? []).entries()) out.push(`Control ${i}: \t${c}`)
      if (mi.Beneficiary) {
        out.push(`Beneficiary:\t${mi.Beneficiary}`)
        if (mi.Beneficiary !== mi.Owner) {
          const t = mi.BeneficiaryTerm
          out.push(`Beneficiary Quota:\t${t.Quota}`, `Beneficiary Used Quota:\t${t.UsedQuota}`)
          out.push(`Beneficiary Expiration:\t${t.Expiration}`)
        }
      }
      const p = mi.PendingBeneficiaryTerm
      if (p)
        out.push(
          'Pending Beneficiary Term:',
          `New Beneficiary:\t${p.NewBeneficiary}`,
          `New Quota:\t${p.NewQuota}`,
          `New Expiration:\t${p.NewExpiration}`,
          `Approved By Beneficiary:\t${p.ApprovedByBeneficiary}`,
          `Approved By Nominee:\t${p.ApprovedByNominee}`,
        )
      out.push(`PeerID:\t${mi.PeerId ?? ''}`)
      out.push(`Multiaddrs:\t${(mi.Multiaddrs ?? []).map((m) => `${multiaddrString(fromBase64(m))} `).join('')}`)
      out.push(`Consensus Fault End:\t${mi.ConsensusFaultElapsed}`)
      out.push(`SectorSize:\t${sizeStr(Number(mi.SectorSize))} (${mi.SectorSize})`)
      const pow = await api.StateMinerPower(maddr, ts.key)
      const [mine, all] = [pow.minerPower, pow.totalPower]
      out.push(
        `Byte Power:   ${sizeStr(Number(mine.rawBytePower))} / ${sizeStr(Number(all.rawBytePower))} (${percent(mine.rawBytePower, all.rawBytePower)}%)`,
        `Actual Power: ${deciStr(mine.qualityAdjPower)} / ${deciStr(all.qualityAdjPower)} (${percent(mine.qualityAdjPower, all.qualityAdjPower)}%)`,
        '',
      )
      const cd = deadlineInfoFromJson(await api.StateMinerProvingDeadline(maddr, ts.key))
      const { blockDelay } = await api.Version()
      out.push(`Proving Period Start:\t${epochTime(cd.currentEpoch, cd.periodStart, blockDelay)}`)
      ctx.stdout.write(`${out.join('\n')}\n`)
    }),
}

export const stateMinerProvingDeadline: Command = {
  name: 'miner-proving-deadline',
  usage: "Retrieve information about a given miner's proving deadline",
  argsUsage: '[minerAddress]',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const [text] = exactArgs(ctx, 1)
      const ts = await loadTipSet(ctx, api)
      const cd = deadlineInfoFromJson(await api.StateMinerProvingDeadline(await minerArg(api, text!, ts), ts.key))
      ctx.stdout.write(
        `Period Start:\t${cd.periodStart}\nIndex:\t\t${cd.index}\nOpen:\t\t${cd.open}\nClose:\t\t${cd.close}\n` +
          `Challenge:\t${cd.challenge}\nFaultCutoff:\t${cd.faultCutoff}\n`,
      )
    }),
}
