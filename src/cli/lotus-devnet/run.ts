/**
 * `lotus-devnet`: starts (or resumes) a local network in one folder: the daemon, the miners (each mining
 * and proving) and a worker on the first miner. Prints each process's API info (the usual `api` and
 * `token` files are in each repo, so `LOTUS_PATH=<dir>/lotus lotus ...` and `LOTUS_MINER_PATH=<dir>/miner
 * lotus-miner ...` work), then a status line each epoch. Ctrl-C stops everything in reverse order.
 */
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { BLOCK_DELAY_ENV, CHALLENGE_WINDOW_ENV, devnet } from '../../params/profiles.ts'
import { CliError } from '../framework/errors.ts'
import { type CommandContext, str } from '../framework/command.ts'
import { type Child, clearApiFile, startProgram, stopChild, waitForApi } from './children.ts'
import { type DevnetLayout, devnetLayout, readDevnetState, writeDevnetState } from './layout.ts'
import { setUpDevnet } from './setup.ts'
import { type ApiInfo, statusSource } from './status.ts'

const intFlag = (ctx: CommandContext, name: string, min: number, max: number): number | undefined => {
  if (!ctx.isSet(name)) return undefined
  const n = Number(ctx.flags[name])
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new CliError(`--${name}: expected a whole number from ${min} to ${max}`)
  return n
}

export async function runDevnet(ctx: CommandContext): Promise<void> {
  const dirFlag = str(ctx, 'dir').replace(/^~(?=$|\/)/, homedir())
  const l = devnetLayout(resolve(dirFlag))
  const say = (line: string) => ctx.stdout.write(`${line}\n`)
  let state = readDevnetState(l)
  if (state && !state.setupDone)
    throw new CliError(`the devnet in ${l.dir} did not finish its setup: remove the folder and start again`)
  if (!state && existsSync(l.daemon))
    throw new CliError(`${l.dir} holds a lotus repo but no devnet.json: not a devnet folder (choose another --dir)`)
  const miners = intFlag(ctx, 'miners', 1, 16)
  const blockTime = intFlag(ctx, 'block-time', 2, 3600)
  const window = intFlag(ctx, 'challenge-window', 8, 60)
  if (state && miners !== undefined && miners !== state.miners)
    throw new CliError(`this devnet has ${state.miners} miner(s); --miners cannot change it (start a new --dir)`)
  if (state && blockTime !== undefined && blockTime !== state.blockTimeSecs)
    throw new CliError(`this devnet runs ${state.blockTimeSecs} s epochs; --block-time cannot change it`)
  if (state && window !== undefined && window !== state.challengeWindow)
    throw new CliError(`this devnet has ${state.challengeWindow}-epoch deadlines; --challenge-window cannot change it`)
  const fresh = !state
  state ??= {
    miners: miners ?? 1,
    blockTimeSecs: blockTime ?? devnet.blockDelaySecs,
    challengeWindow: window ?? devnet.wpostChallengeWindow,
    setupDone: false,
  }
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    [BLOCK_DELAY_ENV]: String(state.blockTimeSecs),
    [CHALLENGE_WINDOW_ENV]: String(state.challengeWindow),
    LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http',
  }
  const children: Child[] = []
  const stopAll = async () => {
    for (const c of children.reverse()) await stopChild(c)
  }
  try {
    say(
      `devnet in ${l.dir}: ${state.miners} miner(s), ${state.blockTimeSecs} s epochs, ${state.challengeWindow}-epoch deadlines`,
    )
    let daemon: Child
    if (fresh) {
      writeDevnetState(l, state)
      daemon = await setUpDevnet(l, { miners: state.miners, env, say })
      children.push(daemon)
      state.setupDone = true
      writeDevnetState(l, state)
    } else {
      clearApiFile(l.daemon)
      daemon = startProgram(
        'daemon',
        'lotus',
        ['daemon'],
        { ...env, LOTUS_PATH: l.daemon },
        join(l.daemon, 'daemon.log'),
      )
      children.push(daemon)
    }
    const full = await waitForApi(daemon, l.daemon)
    const fullInfo = `${full.token}:${full.addr}`
    say(`daemon   LOTUS_PATH=${l.daemon}  FULLNODE_API_INFO=${fullInfo}`)
    const minerApis: { actor: string; api: ApiInfo }[] = []
    for (let i = 0; i < state.miners; i++) {
      const m = await startMiner(l, i, { ...env, FULLNODE_API_INFO: fullInfo }, children)
      minerApis.push({ actor: l.actor(i), api: m })
      say(`miner    LOTUS_MINER_PATH=${l.miner(i)}  MINER_API_INFO=${m.token}:${m.addr}  (${l.actor(i)})`)
    }
    const first = minerApis[0]!.api
    clearApiFile(l.worker)
    const worker = startProgram(
      'worker',
      'lotus-worker',
      ['run', '--listen=127.0.0.1:0'],
      { ...env, LOTUS_WORKER_PATH: l.worker, MINER_API_INFO: `${first.token}:${first.addr}` },
      join(l.worker, 'worker.log'),
    )
    children.push(worker)
    say(`worker   LOTUS_WORKER_PATH=${l.worker}  (logs in ${join(l.worker, 'worker.log')})`)
    say('running: Ctrl-C stops every process')
    await statusLoop(ctx, full, minerApis, state.blockTimeSecs, children)
  } finally {
    say('stopping')
    await stopAll()
  }
}

async function startMiner(l: DevnetLayout, i: number, env: NodeJS.ProcessEnv, children: Child[]): Promise<ApiInfo> {
  const repo = l.miner(i)
  clearApiFile(repo)
  const name = i === 0 ? 'miner' : `miner${i + 1}`
  const c = startProgram(
    name,
    'lotus-miner',
    ['run', '--nosync'],
    { ...env, LOTUS_MINER_PATH: repo },
    join(repo, 'miner.log'),
  )
  children.push(c)
  return waitForApi(c, repo)
}

/** Prints the status each epoch until Ctrl-C; a child that exits stops the devnet with its name. */
async function statusLoop(
  ctx: CommandContext,
  daemon: ApiInfo,
  miners: { actor: string; api: ApiInfo }[],
  blockTimeSecs: number,
  children: Child[],
): Promise<void> {
  const status = statusSource(daemon, miners)
  let died: Child | undefined
  for (const c of children) void c.exited.then(() => (died ??= c))
  try {
    while (!ctx.signal.aborted) {
      if (died) throw new CliError(`${died.name} exited: see ${died.log}`)
      ctx.stdout.write(`${new Date().toISOString().slice(11, 19)} ${await status.line()}\n`)
      await sleep(blockTimeSecs * 1000, undefined, { signal: ctx.signal }).catch(() => {})
    }
  } finally {
    await status.close()
  }
}
