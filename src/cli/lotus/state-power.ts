/** `lotus state power [<miner>]` and `lotus state sector-size <miner>` (lotus cli/state.go), in Lotus's text. */
import { Address } from '../../core/address.ts'
import type { Command } from '../framework/command.ts'
import { sizeStr } from '../framework/go-format.ts'
import { fullApi } from './chain-api.ts'
import { exactArgs, loadTipSet, minerArg, percent, TIPSET_FLAG } from './state-tipset.ts'

/** Asked for the network total only: an address with no claim (Lotus passes address.Undef). */
const NO_MINER = Address.fromId(0)

export const statePower: Command = {
  name: 'power',
  usage: 'Query network or miner power',
  argsUsage: '[<minerAddress> (optional)]',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const ts = await loadTipSet(ctx, api)
      const maddr = ctx.args.length > 0 ? await minerArg(api, ctx.args[0]!, ts) : undefined
      const power = await api.StateMinerPower(maddr ?? NO_MINER, ts.key)
      const tp = power.totalPower.qualityAdjPower
      const total = `${tp}(${sizeStr(Number(tp))})`
      if (!maddr) {
        ctx.stdout.write(`${total}\n`)
        return
      }
      const mp = power.minerPower.qualityAdjPower
      ctx.stdout.write(`${mp}(${sizeStr(Number(mp))}) / ${total} ~= ${percent(mp, tp)}%\n`)
    }),
}

export const stateSectorSize: Command = {
  name: 'sector-size',
  usage: 'Look up miners sector size',
  argsUsage: '[minerAddress]',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const [text] = exactArgs(ctx, 1)
      const ts = await loadTipSet(ctx, api)
      const mi = (await api.StateMinerInfo(await minerArg(api, text!, ts), ts.key)) as { SectorSize: number }
      ctx.stdout.write(`${sizeStr(Number(mi.SectorSize))} (${mi.SectorSize})\n`)
    }),
}
