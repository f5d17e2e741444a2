/**
 * The network of the proving acceptance test, built the way a Lotus user builds a devnet by hand: pre-sealed
 * genesis miners (`lotus-seed`), a real `lotus daemon` making the genesis, `lotus-miner init --genesis-miner`
 * and `lotus-miner run` per miner, on 2 s epochs and 8-epoch deadlines (a proving period of 384 epochs,
 * 12.8 minutes). Also what the test reads back from the chain: deadlines, partitions, faults, power, and the
 * proving messages and block wins of a span of epochs.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Address } from '../../../src/core/address.ts'
import { decode } from '../../../src/core/codec.ts'
import { TipSetKey } from '../../../src/core/tipset-key.ts'
import type { TipSet } from '../../../src/core/tipset.ts'
import {
  type DeadlineInfo,
  deadlineInfoFromJson,
  type PartitionInfo,
  partitionFromJson,
} from '../../../src/miner/proving/chain-view.ts'
import { MinerMethod } from '../../../src/miner/proving/messages.ts'
import { SubmitWindowedPoStParamsCodec } from '../../../src/params/miner-post-params.ts'
import { type DaemonHandle, startDaemon, tempDir } from '../../helpers/lotus-process.ts'
import { type MinerHandle, runMiner, startMiner } from '../../helpers/miner-process.ts'
import {
  fullNodeClient,
  makeGenesisArgs,
  makeGenesisTemplate,
  type PreSealedMiner,
} from '../../miner/mining/genesis-fixture.ts'

export const BLOCK_DELAY = 2
export const CHALLENGE_WINDOW = 8
export const env: NodeJS.ProcessEnv = {
  LOTUS_TS_BLOCK_DELAY_SECS: String(BLOCK_DELAY),
  LOTUS_TS_WPOST_CHALLENGE_WINDOW: String(CHALLENGE_WINDOW),
}
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const EMPTY = TipSetKey.EMPTY

export interface NetMiner {
  readonly actor: Address
  readonly preSealed: PreSealedMiner
  readonly repo: string
  process: MinerHandle | undefined
}

export interface Network {
  readonly daemon: DaemonHandle
  readonly api: ReturnType<typeof fullNodeClient>['api']
  readonly close: () => Promise<void>
  readonly miners: NetMiner[]
  readonly minerEnv: NodeJS.ProcessEnv
}

/** Builds the network with `sectors[i]` pre-sealed sectors for miner t0100i and starts every miner. */
export async function startNetwork(sectors: readonly number[]): Promise<Network> {
  const ids = sectors.map((_, i) => 1000 + i)
  const genesis = makeGenesisTemplate(tempDir('lotus-ts-proving-'), ids, sectors)
  const daemon = await startDaemon(tempDir(), env, 60000, makeGenesisArgs(genesis))
  const client = fullNodeClient(daemon)
  const minerEnv = { ...env, FULLNODE_API_INFO: `${daemon.token}:${daemon.apiAddr}` }
  const miners: NetMiner[] = []
  for (const m of genesis.miners) {
    const repo = tempDir('lotus-ts-proving-miner-')
    const r = await runMiner(
      [
        'init',
        '--genesis-miner',
        `--actor=${m.actor}`,
        '--sector-size=2KiB',
        `--pre-sealed-sectors=${m.dir}`,
        `--pre-sealed-metadata=${m.metadata}`,
        '--nosync',
      ],
      { ...minerEnv, LOTUS_MINER_PATH: repo, LOTUS_TS_LOG_LEVEL: 'warn' },
    )
    assert.equal(r.code, 0, r.stderr)
    miners.push({ actor: m.actor, preSealed: m, repo, process: undefined })
  }
  const net: Network = { daemon, api: client.api, close: client.close, miners, minerEnv }
  for (const m of miners) await startNetMiner(net, m)
  return net
}

/** `lotus-miner run` on the miner's repo (its log level `info`, so its steps show when the test fails). */
export async function startNetMiner(net: Network, m: NetMiner): Promise<void> {
  m.process = await startMiner(m.repo, { ...net.minerEnv, LOTUS_TS_LOG_LEVEL: 'info' }, [], 60000)
}

/** Runs a `lotus-miner` command against a running miner; returns its stdout (asserting success). */
export async function minerCli(m: NetMiner, args: string[]): Promise<string> {
  assert.ok(m.process, `${m.actor} is not running`)
  const r = await runMiner(args, m.process.env)
  assert.equal(r.code, 0, `lotus-miner ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

export const sealedFile = (m: NetMiner, sector: number) => join(m.preSealed.dir, 'sealed', `s-${m.actor}-${sector}`)

export const provingDeadline = async (net: Network, a: Address): Promise<DeadlineInfo> =>
  deadlineInfoFromJson(await net.api.StateMinerProvingDeadline(a, EMPTY))

/** The next occurrence (open at or after `from`) of deadline `index`, seen from `d`. */
export function nextOpen(d: DeadlineInfo, index: number, from: number): { open: number; close: number } {
  let open = d.periodStart + index * d.wpostChallengeWindow
  while (open < from) open += d.wpostProvingPeriod
  while (open - d.wpostProvingPeriod >= from) open -= d.wpostProvingPeriod
  return { open, close: open + d.wpostChallengeWindow }
}

/** Every deadline's partitions, indexed by deadline. */
export async function partitions(net: Network, a: Address): Promise<PartitionInfo[][]> {
  const out: PartitionInfo[][] = []
  for (let i = 0; i < 48; i++)
    out.push(((await net.api.StateMinerPartitions(a, BigInt(i), EMPTY)) as unknown[]).map((p) => partitionFromJson(p)))
  return out
}

/** The deadlines holding sectors, with their sector numbers. */
export async function sectorDeadlines(net: Network, a: Address): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  for (const [i, ps] of (await partitions(net, a)).entries()) {
    const sectors = ps.flatMap((p) => p.all.toArray())
    if (sectors.length > 0) out.set(i, sectors)
  }
  return out
}

export const faults = async (net: Network, a: Address) => (await net.api.StateMinerFaults(a, EMPTY)).toArray()
export const recoveries = async (net: Network, a: Address) => (await net.api.StateMinerRecoveries(a, EMPTY)).toArray()
export const rawPower = async (net: Network, a: Address) =>
  (await net.api.StateMinerPower(a, EMPTY)).minerPower.rawBytePower

/** Waits until the head reaches `epoch` (with time for null rounds and a slow machine). */
export async function waitForEpoch(net: Network, epoch: number): Promise<TipSet> {
  let head = await net.api.ChainHead()
  const until = Date.now() + (Math.max(epoch - head.height, 0) * BLOCK_DELAY * 2 + 60) * 1000
  while (head.height < epoch) {
    if (Date.now() > until) assert.fail(`chain at ${head.height}, waited for ${epoch}`)
    await sleep(500)
    head = await net.api.ChainHead()
  }
  return head
}

/** Polls `probe` every epoch until it holds, failing with `what` after `epochs` epochs. */
export async function waitFor<T>(
  net: Network,
  what: string,
  epochs: number,
  probe: () => Promise<T | undefined | false>,
): Promise<T> {
  const start = (await net.api.ChainHead()).height
  for (;;) {
    const v = await probe()
    if (v !== undefined && v !== false) return v
    const h = (await net.api.ChainHead()).height
    if (h > start + epochs) assert.fail(`${what}: not seen from epoch ${start} to ${h}`)
    await sleep(BLOCK_DELAY * 1000)
  }
}

/** A proving message that landed: its method, sender's target miner, epoch of inclusion and exit code. */
export interface ProvingMessage {
  miner: string
  method: number
  epoch: number
  exitCode: number
  /** SubmitWindowedPoSt's deadline index. */
  deadline?: number
}

export interface ChainSpan {
  messages: ProvingMessage[]
  /** Wins (the sum of winCount) per miner, and the tipsets scanned. */
  wins: Map<string, number>
  tipsets: number
}

const PROVING_METHODS = new Set<number>([
  MinerMethod.SubmitWindowedPoSt,
  MinerMethod.DeclareFaults,
  MinerMethod.DeclareFaultsRecovered,
])

/** The proving messages executed in tipsets of heights [from, to) and the wins of those tipsets' blocks. */
export async function scanChain(net: Network, from: number, to: number): Promise<ChainSpan> {
  const messages: ProvingMessage[] = []
  const wins = new Map<string, number>()
  let tipsets = 0
  let child = await net.api.ChainGetTipSetByHeight(to, EMPTY)
  while (child.height > from) {
    const parent = await net.api.ChainGetTipSet(new TipSetKey(child.blocks[0]!.parents))
    if (parent.height < from) break
    const msgs = await net.api.ChainGetParentMessages(child.cids[0]!)
    const receipts = await net.api.ChainGetParentReceipts(child.cids[0]!)
    msgs.forEach(({ message: m }, i) => {
      const method = Number(m.method)
      if (!PROVING_METHODS.has(method)) return
      const pm: ProvingMessage = {
        miner: m.to.toString(),
        method,
        epoch: parent.height,
        exitCode: receipts[i]!.exitCode,
      }
      if (method === MinerMethod.SubmitWindowedPoSt)
        pm.deadline = decode(SubmitWindowedPoStParamsCodec, m.params).deadline
      messages.push(pm)
    })
    if (parent.height < to) {
      tipsets++
      for (const b of parent.blocks) {
        const k = b.miner.toString()
        wins.set(k, (wins.get(k) ?? 0) + (b.electionProof?.winCount ?? 0))
      }
    }
    child = parent
  }
  return { messages, wins, tipsets }
}
