/**
 * `lotus-miner sectors pledge | list | status | update-state | remove` (Lotus cli/spcli/sectors.go) over the
 * StorageMiner API's sectors methods; `list` asks the daemon which sectors are on chain and active, and for
 * the head to show expirations, as Lotus does.
 */
import type { Client } from '../../api/client/client.ts'
import type { SectorInfo } from '../../api/miner/sectors-types.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import type { Address } from '../../core/address.ts'
import { TipSetKey } from '../../core/tipset-key.ts'
import { BitFieldCodec } from '../../crypto/bitfield.ts'
import { isSectorState, SECTOR_STATES } from '../../miner/pipeline/states.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, type CommandContext, str } from '../framework/command.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { type FullApi, withMinerAndChain } from './proving-api.ts'
import { epochTime } from './proving-format.ts'
import { formatSectorStatus, formatSectorsList } from './sectors-format.ts'

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
  action: async (ctx) => {
    const fast = bool(ctx, 'fast')
    const opts = {
      events: bool(ctx, 'events'),
      sealTime: bool(ctx, 'seal-time'),
      initialPledge: bool(ctx, 'initial-pledge'),
    }
    if (fast) {
      await withMiner(ctx, async (api) => {
        const rows = (await listed(ctx, api, false)).map((status) => ({ status, onChain: false, active: false }))
        ctx.stdout.write(formatSectorsList(rows, { ...opts, fast, epochText: String }))
      })
      return
    }
    await withMinerAndChain(ctx, async ({ miner, full, maddr }) => {
      const [head, v, chain] = await Promise.all([full.ChainHead(), full.Version(), chainSets(full, maddr)])
      const rows = (await listed(ctx, miner, true)).map((status) => ({
        status,
        onChain: chain.committed.has(status.SectorID),
        active: chain.active.has(status.SectorID),
      }))
      ctx.stdout.write(formatSectorsList(rows, { ...opts, epochText: (e) => epochTime(head.height, e, v.blockDelay) }))
    })
  },
}

/** The statuses `sectors list` shows: all, or those in --states / not yet proving; Removed only when asked. */
async function listed(ctx: CommandContext, api: MinerApi, onChainInfo: boolean): Promise<SectorInfo[]> {
  let ids: number[]
  if (str(ctx, 'states') !== '') ids = await api.SectorsListInStates(str(ctx, 'states').split(','))
  else if (bool(ctx, 'unproven'))
    ids = await api.SectorsListInStates(SECTOR_STATES.filter((s) => s !== 'Proving' && s !== 'Removed'))
  else ids = await api.SectorsList()
  const out: SectorInfo[] = []
  for (const n of ids) {
    const st = await api.SectorsStatus(n, onChainInfo)
    if (st.State !== 'Removed' || bool(ctx, 'show-removed')) out.push(st)
  }
  return out
}

/** The miner's sectors on chain and the active ones (in a partition's ActiveSectors), as Lotus reads them. */
async function chainSets(full: FullApi, maddr: Address): Promise<{ committed: Set<number>; active: Set<number> }> {
  const sectors = (await full.StateMinerSectors(maddr, null, TipSetKey.EMPTY)) as { SectorNumber: number }[] | null
  const committed = new Set((sectors ?? []).map((s) => Number(s.SectorNumber)))
  const active = new Set<number>()
  const deadlines = (await full.StateMinerDeadlines(maddr, TipSetKey.EMPTY)) as unknown[] | null
  for (let dl = 0; dl < (deadlines ?? []).length; dl++) {
    const parts = (await full.StateMinerPartitions(maddr, BigInt(dl), TipSetKey.EMPTY)) as { ActiveSectors: unknown }[]
    for (const p of parts ?? [])
      for (const n of BitFieldCodec.fromJson(p.ActiveSectors, 'ActiveSectors').toArray()) active.add(n)
  }
  return { committed, active }
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
