/** `lotus state list-actors`, `list-miners` and `read-state <actor>` (lotus cli/state.go), as Lotus prints them. */
import { type Command, str } from '../framework/command.ts'
import { CliError } from '../framework/errors.ts'
import { addrArg, fullApi } from './chain-api.ts'
import { exactArgs, loadTipSet, TIPSET_FLAG } from './state-tipset.ts'

export const stateListActors: Command = {
  name: 'list-actors',
  usage: 'list all actors in the network',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const ts = await loadTipSet(ctx, api)
      ctx.stdout.write((await api.StateListActors(ts.key)).map((a) => `${a}\n`).join(''))
    }),
}

export const stateListMiners: Command = {
  name: 'list-miners',
  usage: 'list all miners in the network',
  flags: [{ name: 'sort-by', kind: 'string', usage: 'criteria to sort miners by (none, num-deals)' }, TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const sortBy = str(ctx, 'sort-by')
      if (sortBy === 'num-deals')
        throw new CliError('sorting by num-deals needs StateMarketDeals: this network has no storage market actor')
      if (sortBy !== '' && sortBy !== 'none') throw new CliError(`unrecognized sorting order ${JSON.stringify(sortBy)}`)
      const ts = await loadTipSet(ctx, api)
      ctx.stdout.write((await api.StateListMiners(ts.key)).map((a) => `${a}\n`).join(''))
    }),
}

/** Go json.MarshalIndent(v, "", "  "): two-space indent, with <, > and & escaped as Go's encoder does. */
export const goJsonIndent = (v: unknown) =>
  JSON.stringify(v, null, 2).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)

export const stateReadState: Command = {
  name: 'read-state',
  usage: 'View a json representation of an actors state',
  argsUsage: '[actorAddress]',
  flags: [TIPSET_FLAG],
  action: (ctx) =>
    fullApi(ctx, async (api) => {
      const [text] = exactArgs(ctx, 1)
      const addr = addrArg(text!, 'actor address')
      const ts = await loadTipSet(ctx, api)
      const as = await api.StateReadState(addr, ts.key)
      ctx.stdout.write(`${goJsonIndent(as.state ?? null)}\n`)
    }),
}
