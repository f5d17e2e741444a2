/**
 * `lotus-miner proving info | deadlines | deadline <n> | faults | check <n> | compute window-post <n>` (Lotus
 * cmd/lotus-miner/proving.go): the chain's view of the miner's proving from the daemon, `check` through the
 * miner's CheckProvable and `compute` through its ComputeWindowPoSt.
 */
import { TipSetKey } from '../../core/tipset-key.ts'
import { BitField } from '../../crypto/bitfield.ts'
import {
  deadlineInfoFromJson,
  type DeadlineInfo,
  minerInfoFromJson,
  type PartitionInfo,
  partitionFromJson,
} from '../../miner/proving/chain-view.ts'
import { withApi } from '../framework/api.ts'
import { bool, type Command, type CommandContext } from '../framework/command.ts'
import { goDuration } from '../framework/go-format.ts'
import { MINER_REPO } from '../../miner/repo/config.ts'
import { StorageMinerMethods } from '../../api/miner/index.ts'
import { CliError, incorrectNumArgs } from '../framework/errors.ts'
import { type FullApi, withMinerAndChain } from './proving-api.ts'
import {
  type DeadlineRow,
  deadlineOpenTime,
  formatCheck,
  formatDeadline,
  formatDeadlines,
  formatFaults,
  formatProvingInfo,
  formatWindowPoSts,
} from './proving-format.ts'
import type { Address } from '../../core/address.ts'

const HEAD = TipSetKey.EMPTY

async function provingDeadline(full: FullApi, maddr: Address): Promise<DeadlineInfo> {
  return deadlineInfoFromJson(await full.StateMinerProvingDeadline(maddr, HEAD))
}

async function partitions(full: FullApi, maddr: Address, idx: number): Promise<PartitionInfo[]> {
  const list = (await full.StateMinerPartitions(maddr, BigInt(idx), HEAD)) as unknown[]
  return list.map(partitionFromJson)
}

/** Every deadline's partitions and proven-partition count. */
async function deadlineRows(full: FullApi, maddr: Address): Promise<DeadlineRow[]> {
  const dls = (await full.StateMinerDeadlines(maddr, HEAD)) as { PostSubmissions: unknown }[]
  return Promise.all(
    dls.map(async (d, i) => ({
      partitions: await partitions(full, maddr, i),
      provenPartitions: BitField.fromJson(d.PostSubmissions ?? null, 'PostSubmissions').count,
    })),
  )
}

async function blockDelay(full: FullApi): Promise<number> {
  return (await full.Version()).blockDelay
}

function deadlineArg(ctx: CommandContext, di: DeadlineInfo): number {
  if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
  const n = Number(ctx.args[0])
  if (!/^\d+$/.test(ctx.args[0]!) || n >= di.wpostPeriodDeadlines)
    throw new CliError(`could not parse deadline index: ${ctx.args[0]} (expected 0..${di.wpostPeriodDeadlines - 1})`)
  return n
}

const infoCmd: Command = {
  name: 'info',
  usage: 'View current state information',
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ full, maddr }) => {
      const di = await provingDeadline(full, maddr)
      const rows = await deadlineRows(full, maddr)
      const all = rows.flatMap((r) => r.partitions)
      ctx.stdout.write(
        formatProvingInfo({
          miner: maddr.toString(),
          di,
          blockDelaySecs: await blockDelay(full),
          faults: all.reduce((n, p) => n + p.faulty.count, 0),
          recovering: all.reduce((n, p) => n + p.recovering.count, 0),
          liveSectors: all.reduce((n, p) => n + p.live.count, 0),
          deadlineSectors: (rows[di.index]?.partitions ?? []).reduce((n, p) => n + p.all.count, 0),
        }),
      )
    }),
}

const deadlinesCmd: Command = {
  name: 'deadlines',
  usage: 'View the current proving period deadlines information',
  flags: [
    {
      name: 'all',
      aliases: ['a'],
      kind: 'bool',
      usage: 'Count all sectors (only live sectors are counted by default)',
    },
  ],
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ full, maddr }) => {
      const [di, rows, head, delay] = await Promise.all([
        provingDeadline(full, maddr),
        deadlineRows(full, maddr),
        full.ChainHead(),
        blockDelay(full),
      ])
      const open = (i: number) => deadlineOpenTime(di, i, head.minTimestamp, delay)
      ctx.stdout.write(formatDeadlines(maddr.toString(), di, rows, open, { all: bool(ctx, 'all') }))
    }),
}

const deadlineCmd: Command = {
  name: 'deadline',
  usage: 'View the current proving period deadline information by its index',
  argsUsage: '<deadlineIdx>',
  flags: [
    {
      name: 'sector-nums',
      aliases: ['n'],
      kind: 'bool',
      usage: 'Print sector/fault numbers belonging to this deadline',
    },
  ],
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ full, maddr }) => {
      const di = await provingDeadline(full, maddr)
      const idx = deadlineArg(ctx, di)
      const rows = await deadlineRows(full, maddr)
      ctx.stdout.write(
        formatDeadline(idx, di, await blockDelay(full), rows[idx]!, { sectorNums: bool(ctx, 'sector-nums') }),
      )
    }),
}

const faultsCmd: Command = {
  name: 'faults',
  usage: 'View the currently known proving faulty sectors information',
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ full, maddr }) => {
      const rows = await deadlineRows(full, maddr)
      const out = rows.flatMap((r, deadline) =>
        r.partitions.flatMap((p, partition) => p.faulty.toArray().map((sector) => ({ deadline, partition, sector }))),
      )
      ctx.stdout.write(formatFaults(maddr.toString(), out))
    }),
}

const checkCmd: Command = {
  name: 'check',
  usage: 'Check sectors provable',
  argsUsage: '<deadlineIdx>',
  flags: [
    { name: 'only-bad', kind: 'bool', usage: 'print only bad sectors' },
    { name: 'slow', kind: 'bool', usage: 'run slower checks' },
  ],
  action: (ctx) =>
    withMinerAndChain(ctx, async ({ miner, full, maddr }) => {
      const di = await provingDeadline(full, maddr)
      const idx = deadlineArg(ctx, di)
      const mi = minerInfoFromJson(await full.StateMinerInfo(maddr, HEAD))
      const parts = await partitions(full, maddr, idx)
      const rows: { deadline: number; partition: number; sector: number; bad?: string }[] = []
      for (const [partition, p] of parts.entries()) {
        const nums = p.all.toArray()
        const refs = nums.map((n) => ({ ID: { Miner: Number(maddr.id), Number: n }, ProofType: 0 }))
        const bad = await miner.CheckProvable(BigInt(mi.windowPoStProofType), refs, bool(ctx, 'slow'))
        for (const n of nums) rows.push({ deadline: idx, partition, sector: n, bad: bad[String(n)] })
      }
      ctx.stdout.write(formatCheck(rows, bool(ctx, 'only-bad')))
    }),
}

const computeWindowPoStCmd: Command = {
  name: 'windowed-post',
  aliases: ['window-post'],
  usage: 'Compute WindowPoSt for a specific deadline',
  description:
    'Note: This command is intended to be used to verify PoSt compute performance.\n' +
    'It will not send any messages to the chain.',
  argsUsage: '[deadline index]',
  action: (ctx) => {
    if (ctx.args.length !== 1) throw incorrectNumArgs(ctx.args.length)
    if (!/^\d+$/.test(ctx.args[0]!)) throw new CliError(`could not parse deadline index: ${ctx.args[0]}`)
    return withApi(ctx, MINER_REPO, StorageMinerMethods, async (miner) => {
      const start = performance.now()
      const res = await miner.ComputeWindowPoSt(Number(ctx.args[0]), TipSetKey.EMPTY).finally(() => {
        ctx.stdout.write(`Took ${goDuration((performance.now() - start) * 1e6)}\n`)
      })
      ctx.stdout.write(`${formatWindowPoSts(res)}\n`)
    })
  },
}

const computeCmd: Command = {
  name: 'compute',
  usage: 'Compute simulated proving tasks',
  subcommands: [computeWindowPoStCmd],
}

export const provingCmd: Command = {
  name: 'proving',
  usage: 'View proving information',
  subcommands: [infoCmd, deadlinesCmd, deadlineCmd, faultsCmd, checkCmd, computeCmd],
}
