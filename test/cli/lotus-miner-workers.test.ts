/**
 * Issue 7 end to end with real processes: `lotus-miner run` with its built-in worker and two
 * `lotus-worker run` processes; `sealing workers` lists all three, a SIGKILLed worker is dropped after the
 * scheduler's heartbeat timeout, and after a miner restart the surviving workers register again.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { killAll, rpc, tempDir } from '../helpers/lotus-process.ts'
import {
  killAllMiners,
  type MinerHandle,
  minerEnv,
  runMiner,
  startMiner,
  startWorker,
  stopMiner,
  WORKER_BIN,
  type WorkerHandle,
} from '../helpers/miner-process.ts'

/** Short scheduler heartbeats so a lost worker is noticed in about a second. */
const SCHED = { LOTUS_SCHED_HEARTBEAT_MS: '300', LOTUS_SCHED_HEARTBEAT_TIMEOUT_MS: '300' }

let dir: string
let repo: string
let miner: MinerHandle
let workers: WorkerHandle[] = []

before(async () => {
  dir = tempDir('lotus-ts-miner-workers-')
  repo = join(dir, 'miner')
  const init = await runMiner(['init', '--actor', 't01000'], minerEnv(repo))
  assert.equal(init.code, 0, init.stderr)
  miner = await startMiner(repo, SCHED)
})

after(async () => {
  for (const w of workers) w.proc.kill('SIGKILL')
  killAllMiners()
  await killAll()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function sealingWorkers(): Promise<string> {
  const r = await runMiner(['sealing', 'workers'], minerEnv(repo))
  assert.equal(r.code, 0, r.stderr)
  return r.stdout
}

const count = (out: string) => out.match(/^Worker /gm)?.length ?? 0

/** Polls `sealing workers` until it lists `n` workers; fails with the last listing after `ms`. */
async function waitForWorkers(n: number, ms = 15000): Promise<string> {
  const deadline = Date.now() + ms
  for (;;) {
    const out = await sealingWorkers()
    if (count(out) === n) return out
    if (Date.now() > deadline) assert.fail(`expected ${n} workers, got:\n${out}`)
    await sleep(200)
  }
}

test('two lotus-worker processes join the built-in worker; a killed one is dropped; a restarted miner gets the others back', async () => {
  const info = `${miner.token}:${miner.apiAddr}`
  // w1 gets a store path holding a sector's sealed file (as if sealed there)
  const storePath = join(dir, 'w1-store')
  const w1Env = { ...minerEnv(repo), LOTUS_WORKER_PATH: join(dir, 'w1') }
  const attach = await runMiner(['storage', 'attach', '--init', '--store', storePath], w1Env, WORKER_BIN)
  assert.equal(attach.code, 0, attach.stderr)
  const again = await runMiner(['storage', 'attach', storePath], w1Env, WORKER_BIN)
  assert.match(again.stderr, /already attached/)
  mkdirSync(join(storePath, 'sealed'))
  writeFileSync(join(storePath, 'sealed', 's-t01000-3'), 'sealed on w1')

  workers = await Promise.all([
    startWorker(join(dir, 'w1'), info, ['--heartbeat', '1']),
    startWorker(join(dir, 'w2'), info, ['--heartbeat', '1', '--no-default', '--precommit1']),
  ])
  const three = await waitForWorkers(3)
  const tasks = three.match(/^\tTASK: .*$/gm) ?? []
  assert.equal(tasks.length, 3)
  assert.ok(
    tasks.some((t) => /PC1\(0\)/.test(t) && !/PC2/.test(t)),
    `the --no-default --precommit1 worker:\n${three}`,
  )
  assert.ok(tasks.filter((t) => /PC2\(0\)/.test(t)).length >= 2, `built-in and the default worker:\n${three}`)

  // the miner's index knows w1's path and the sector in it, and fetches the file from w1's /remote
  const found = await rpc(
    miner.base,
    'Filecoin.StorageFindSector',
    [{ Miner: 1000, Number: 3 }, 2, 0, false],
    miner.token,
  )
  const infos = (found.body as { result: { URLs: string[] }[] }).result
  assert.equal(infos.length, 1, JSON.stringify(found.body))
  const res = await fetch(infos[0]!.URLs[0]!, { headers: { Authorization: `Bearer ${miner.token}` } })
  assert.equal(res.status, 200)
  assert.equal(await res.text(), 'sealed on w1')
  const denied = await fetch(infos[0]!.URLs[0]!)
  assert.equal(denied.status, 401)

  workers[1]!.proc.kill('SIGKILL')
  await workers[1]!.exited
  const two = await waitForWorkers(2)
  assert.ok(!(two.match(/^\tTASK: .*$/gm) ?? []).some((t) => /PC1\(0\)/.test(t) && !/PC2/.test(t)))

  // restart on the same port: the surviving worker's heartbeat sees a new session and registers again
  const port = /\/tcp\/(\d+)/.exec(miner.apiAddr)![1]
  assert.equal(await stopMiner(miner), 0, miner.stderr())
  miner = await startMiner(repo, {
    ...SCHED,
    LOTUS_API_LISTENADDRESS: `/ip4/127.0.0.1/tcp/${port}/http`,
    LOTUS_API_REMOTELISTENADDRESS: `127.0.0.1:${port}`,
  })
  await waitForWorkers(2)
})

test('lotus-worker storage attach refuses bad requests with the problem named', async () => {
  const env = { ...minerEnv(repo), LOTUS_WORKER_PATH: join(dir, 'w-bad') }
  const attach = (args: string[]) => runMiner(['storage', 'attach', ...args], env, WORKER_BIN)
  const noKind = await attach(['--init', join(dir, 'bad1')])
  assert.notEqual(noKind.code, 0)
  assert.match(noKind.stderr, /must specify at least one of --store or --seal/)
  mkdirSync(join(dir, 'bad2'))
  const noMeta = await attach([join(dir, 'bad2')])
  assert.notEqual(noMeta.code, 0)
  assert.match(noMeta.stderr, /holds no sectorstore\.json/)
  const flagNoInit = await attach(['--seal', join(dir, 'bad2')])
  assert.match(flagNoInit.stderr, /--seal is only used with --init/)
  const missing = await attach([join(dir, 'nope')])
  assert.match(missing.stderr, /is not a directory/)
  const args = await runMiner(['storage', 'attach'], env, WORKER_BIN)
  assert.notEqual(args.code, 0)
})
