/**
 * `lotus-miner sectors pledge | list | status | update-state | remove` (Lotus cli/spcli/sectors.go) over the
 * StorageMiner API's sectors methods; `list` asks the daemon for the head to show expirations as Lotus does.
 */
import type { Client } from '../../api/client/client.ts'
import type { SectorInfo } from '../../api/miner/sectors-types.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { isSectorState, SECTOR_STATES } from '../../miner/pipeline/states.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { withFullNode } from './proving-api.ts'
import { epochTime } from './proving-format.ts'
import { formatSectorStatus, formatSectorsList, type ListedSector } from './sectors-format.ts'

type MinerApi = Client<typeof StorageMinerMethods>
const withMiner = <R>(ctx: CommandContext, fn: (api: MinerApi) => Promise<R>) =>
  withApi(ctx, MINER_REPO, StorageMinerMethods, fn)

const REALLY = { name: 'really-do-it', kind: 'bool', usage: 'pass this flag if you know what you are doing' } as const
const ADVANCED = 'this is a command for advanced users, only use it if you are sure of what you are doing'

function sectorNumber(text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new CliError(`could not parse sector number: ${JSON.stringify(text ?? '')}`)
  return Number(text)
}

const pledgeCmd: Command = {
  name: 'pledge',
  usage: 'store random data in a sector',
  action: (ctx) =>
    withMiner(ctx, async (api) => {
      const id = await api.PledgeSector()
      ctx.stdout.write(`Created CC sector:  ${id.Number}\n`)
    }),
}

const statusCmd: Command = {
  name: 'status',
  usage: 'Get the seal status of a sector by its number',
  argsUsage: '<sectorNum>',
  flags: [
    { name: 'log', kind: 'bool', usage: 'display event log', aliases: ['l'] },
    { name: 'on-chain-info', kind: 'bool', usage: 'show sector on chain info', aliases: ['c'] },
    { name: 'proof', kind: 'bool', usage: 'print snark proof bytes as hex', aliases: ['p'] },
  ],
  action: (ctx) =>
    withMiner(ctx, async (api) => {
      if (ctx.args.length !== 1) throw new CliError('must specify sector number to get status of')
      const onChain = bool(ctx, 'on-chain-info')
      const st = await api.SectorsStatus(sectorNumber(ctx.args[0]), onChain)
      ctx.stdout.write(
        formatSectorStatus(st, { log: bool(ctx, 'log'), onChainInfo: onChain, proof: bool(ctx, 'proof') }),
      )
    }),
}

const listCmd: Command = {
  name: 'list',
  usage: 'List sectors',
  flags: [
    { name: 'show-removed', kind: 'bool', usage: 'show removed sectors', aliases: ['r'] },
    { name: 'fast', kind: 'bool', usage: "don't show on-chain info for better performance", aliases: ['f'] },
    { name: 'events', kind: 'bool', usage: 'display number of events the sector has received', aliases: ['e'] },
    { name: 'initial-pledge', kind: 'bool', usage: 'display initial pledge', aliases: ['p'] },
    { name: 'seal-time', kind: 'bool', usage: 'display how long it took for the sector to be sealed', aliases: ['t'] },
    { name: 'states', kind: 'string', usage: 'filter sectors by a comma-separated list of states' },
    { name: 'unproven', kind: 'bool', usage: "only show sectors which aren't in the 'Proving' state", aliases: ['u'] },
  ],
  action: (ctx) =>
    withMiner(ctx, async (api) => {
      const fast = bool(ctx, 'fast')
      let ids: number[]
      if (str(ctx, 'states') !== '') ids = await api.SectorsListInStates(str(ctx, 'states').split(','))
      else if (bool(ctx, 'unproven'))
        ids = await api.SectorsListInStates(SECTOR_STATES.filter((s) => s !== 'Proving' && s !== 'Removed'))
      else ids = await api.SectorsList()
      const rows: ListedSector[] = []
      for (const n of ids) {
        const st: SectorInfo = await api.SectorsStatus(n, !fast)
        if (st.State === 'Removed' && !bool(ctx, 'show-removed')) continue
        const onChain = st.Activation > 0
        rows.push({ status: st, onChain, active: onChain && st.State === 'Proving' })
      }
      let epochText = (e: number) => String(e)
      if (!fast && rows.some((r) => r.onChain)) {
        const { height, delay } = await withFullNode(ctx, async (full) => {
          const [head, v] = await Promise.all([full.ChainHead(), full.Version()])
          return { height: head.height, delay: v.blockDelay }
        })
        epochText = (e) => epochTime(height, e, delay)
      }
      ctx.stdout.write(
        formatSectorsList(rows, {
          fast,
          events: bool(ctx, 'events'),
          sealTime: bool(ctx, 'seal-time'),
          initialPledge: bool(ctx, 'initial-pledge'),
          epochText,
        }),
      )
    }),
}

const updateStateCmd: Command = {
  name: 'update-state',
  usage: 'ADVANCED: manually update the state of a sector, this may aid in error recovery',
  argsUsage: '<sectorNum> <newState>',
  flags: [REALLY],
  action: (ctx) =>
    withMiner(ctx, async (api) => {
      if (!bool(ctx, 'really-do-it')) throw new CliError(ADVANCED)
      if (ctx.args.length < 2) throw new CliError('must pass sector number and new state')
      const n = sectorNumber(ctx.args[0])
      const state = ctx.args[1]!
      if (!isSectorState(state)) {
        ctx.stdout.write(` "${state}" is not a valid state. Possible states for sectors are: \n`)
        for (const s of SECTOR_STATES) ctx.stdout.write(`${s}\n`)
        throw new CliError(`${JSON.stringify(state)} is not a valid sector state`)
      }
      await api.SectorsUpdate(n, state)
    }),
}

const removeCmd: Command = {
  name: 'remove',
  usage:
    "Forcefully remove a sector (WARNING: This means losing power and collateral for the removed sector (use 'terminate' for lower penalty))",
  argsUsage: '<sectorNum>',
  flags: [REALLY],
  action: (ctx) =>
    withMiner(ctx, async (api) => {
      if (!bool(ctx, 'really-do-it')) throw new CliError(ADVANCED)
      if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
      await api.SectorRemove(sectorNumber(ctx.args[0]))
    }),
}

/** `lotus-miner sectors`; registered by the lotus-miner app. */
export const sectorsCmd: Command = {
  name: 'sectors',
  usage: 'interact with sector store',
  subcommands: [statusCmd, listCmd, pledgeCmd, updateStateCmd, removeCmd],
}
