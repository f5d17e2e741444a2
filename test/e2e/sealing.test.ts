/**
 * Issue 7 end to end, with real processes on 127.0.0.1: a daemon (2 s epochs) from a Lotus-made genesis, its
 * genesis miner (`lotus-miner init --genesis-miner`, mining and sealing, its own sealing tasks disabled) and
 * two `lotus-worker`s sealing on their own seal paths. Eight pledged sectors reach Proving with their PreCommit
 * and ProveCommit on chain, the work spread over both workers, through a kill -9 of the miner in mid-sealing
 * (nothing duplicated, no number reused). Then a worker dies holding a PC1 and the other finishes the sector;
 * sealed sectors end in the miner's store path and `storage find` says so; `proving compute window-post` runs
 * on a `lotus-worker run --windowpost`. Then an online backup of the miner, its repo wiped (but for the sector
 * files it holds as a storage path) and restored into a new one: `sectors list` and every sector's state and
 * log are the same, and a corrupted copy of the backup is refused with nothing written. Last, bad requests get
 * clear errors.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { type Client, createClient } from '../../src/api/client/client.ts'
import { rpcUrl } from '../../src/api/client/endpoint.ts'
import { httpTransport } from '../../src/api/client/http-transport.ts'
import { StorageMinerMethods } from '../../src/api/miner/index.ts'
import { Address } from '../../src/core/address.ts'
import { TipSetKey } from '../../src/core/tipset-key.ts'
import { BitField } from '../../src/crypto/bitfield.ts'
import { type DaemonHandle, killAll, startDaemon, stopDaemon, tempDir } from '../helpers/lotus-process.ts'
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
import { runProgram, stopProgram } from '../helpers/process.ts'
import {
  fullNodeClient,
  makeGenesisArgs,
  makeGenesisTemplate,
  type PreSealedMiner,
} from '../miner/mining/genesis-fixture.ts'

const ACTOR = Address.fromId(1000)
const GENESIS_SECTORS = [0, 1]
const PLEDGED = 8
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let daemon: DaemonHandle
let full: ReturnType<typeof fullNodeClient>
let miner: MinerHandle
let mapi: { api: Client<typeof StorageMinerMethods>; close: () => Promise<void> }
let preSealed: PreSealedMiner
let repo = tempDir('lotus-ts-e2e-miner-')
const backups = tempDir('lotus-ts-e2e-backups-')
const workerRepos = [tempDir('lotus-ts-e2e-wa-'), tempDir('lotus-ts-e2e-wb-')]
const workers: WorkerHandle[] = []
const env: NodeJS.ProcessEnv = {
  LOTUS_TS_BLOCK_DELAY_SECS: '2',
  // the miner mines, proves and schedules; the two workers seal
  LOTUS_STORAGE_ALLOWADDPIECE: 'false',
  LOTUS_STORAGE_ALLOWPRECOMMIT1: 'false',
  LOTUS_STORAGE_ALLOWPRECOMMIT2: 'false',
  LOTUS_STORAGE_ALLOWCOMMIT: 'false',
  LOTUS_BACKUP_BASE_PATH: backups,
}

function connectMiner(m: MinerHandle) {
  const t = httpTransport({ url: rpcUrl(m.apiAddr, 'http'), token: m.token })
  return { api: createClient(StorageMinerMethods, t), close: () => t.close() }
}

const minerInfo = () => `${miner.token}:${miner.apiAddr}`
const workerCli = (i: number, args: string[]) =>
  runProgram(WORKER_BIN, args, { ...process.env, LOTUS_WORKER_PATH: workerRepos[i]!, MINER_API_INFO: minerInfo() })

/** Starts the miner; a restart keeps its port, as a miner with a configured address does, for the workers. */
async function startMinerProcess(port = 0): Promise<void> {
  const listen = { LOTUS_API_LISTENADDRESS: `/ip4/127.0.0.1/tcp/${port}/http` }
  miner = await startMiner(repo, { ...env, ...listen }, ['--nosync'], 30000)
  mapi = connectMiner(miner)
}

async function until<T>(
  what: string,
  ms: number,
  fn: () => Promise<T | undefined>,
  why: () => Promise<string> = async () => '',
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await fn().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > deadline) assert.fail(`timed out: ${what} ${await why().catch((e) => String(e))}`)
    await sleep(300)
  }
}

/** The sectors not in Proving, with their last error: why a wait timed out. */
async function failures(): Promise<string> {
  const out: string[] = []
  for (const n of await mapi.api.SectorsList()) {
    const st = await mapi.api.SectorsStatus(n, false)
    if (st.State !== 'Proving') out.push(`${n} ${st.State}: ${st.LastErr}`)
  }
  return out.join('\n')
}

/** Which worker ids ran which task types, watched through WorkerJobs while `busy` holds. */
function watchJobs(): { seen: Map<string, Set<string>>; stop: () => void } {
  const seen = new Map<string, Set<string>>()
  let on = true
  void (async () => {
    while (on) {
      try {
        for (const [id, jobs] of Object.entries(await mapi.api.WorkerJobs()))
          for (const j of jobs) {
            if (!seen.has(id)) seen.set(id, new Set())
            seen.get(id)!.add(j.task)
          }
      } catch {}
      await sleep(150)
    }
  })()
  return { seen, stop: () => (on = false) }
}

before(async () => {
  const genesis = makeGenesisTemplate(tempDir('lotus-ts-e2e-genesis-'), [1000], GENESIS_SECTORS.length)
  preSealed = genesis.miners[0]!
  daemon = await startDaemon(tempDir(), env, 30000, makeGenesisArgs(genesis))
  full = fullNodeClient(daemon)
  env.FULLNODE_API_INFO = `${daemon.token}:${daemon.apiAddr}`
  const init = await runMiner(
    [
      'init',
      '--genesis-miner',
      `--actor=${ACTOR}`,
      '--sector-size=2KiB',
      `--pre-sealed-sectors=${preSealed.dir}`,
      `--pre-sealed-metadata=${preSealed.metadata}`,
      '--nosync',
    ],
    minerEnv(repo, env),
  )
  assert.equal(init.code, 0, init.stderr)
  await startMinerProcess()
  for (const [i, wr] of workerRepos.entries()) {
    mkdirSync(join(wr, 'seal'), { recursive: true })
    const r = await workerCli(i, ['storage', 'attach', '--init', '--seal', join(wr, 'seal')])
    assert.equal(r.code, 0, r.stderr)
    workers.push(await startWorker(wr, minerInfo(), [], 30000))
  }
})

after(async () => {
  await mapi?.close()
  await full?.close()
  for (const w of workers) await stopProgram(w, 'SIGKILL')
  if (miner) await stopMiner(miner)
  if (daemon) await stopDaemon(daemon)
  killAllMiners()
  await killAll()
})

describe('sealing end to end: daemon, miner, two workers', () => {
  it('8 pledged sectors reach Proving over both workers, through a kill -9 of the miner', async () => {
    const watch = watchJobs()
    const pledged: number[] = []
    for (let i = 0; i < PLEDGED; i++) {
      const r = await runMiner(['sectors', 'pledge'], miner.env)
      assert.equal(r.code, 0, r.stderr)
      pledged.push(Number(/(\d+)/.exec(r.stdout)![1]))
    }
    assert.deepEqual(pledged, [2, 3, 4, 5, 6, 7, 8, 9], 'numbers follow the pre-sealed sectors')
    // mid-sealing: some sector has sent its PreCommit, some has not reached Proving
    await until('a sector past PreCommit', 120_000, async () => {
      const s = await mapi.api.SectorsSummary()
      const past = ['PreCommitWait', 'WaitSeed', 'Committing', 'CommitWait', 'FinalizeSector'].some(
        (k) => (s[k] ?? 0) > 0,
      )
      return past && (s.Proving ?? 0) < GENESIS_SECTORS.length + PLEDGED ? true : undefined
    })
    watch.stop()
    miner.proc.kill('SIGKILL')
    await miner.exited
    await mapi.close()
    await startMinerProcess(miner.port)
    const watch2 = watchJobs()
    await until(
      'every sector in Proving',
      300_000,
      async () => {
        const proving = await mapi.api.SectorsListInStates(['Proving'])
        return proving.length === GENESIS_SECTORS.length + PLEDGED ? true : undefined
      },
      failures,
    )
    watch2.stop()
    assert.deepEqual(
      (await mapi.api.SectorsList()).sort((a, b) => a - b),
      [...GENESIS_SECTORS, ...pledged],
      'no sector duplicated, no number reused',
    )
    for (const n of pledged) {
      const st = await mapi.api.SectorsStatus(n, false)
      assert.ok(st.PreCommitMsg && st.CommitMsg, `sector ${n} has both messages`)
      for (const cid of [st.PreCommitMsg, st.CommitMsg]) {
        const found = await full.api.StateSearchMsg(TipSetKey.EMPTY, cid, -1n, true)
        assert.ok(found, `message ${cid} of sector ${n} is on chain`)
        assert.equal(found.receipt.exitCode, 0)
      }
      const onChain = (await full.api.StateSectorGetInfo(ACTOR, BigInt(n), TipSetKey.EMPTY)) as {
        SealedCID: unknown
      } | null
      assert.ok(onChain, `sector ${n} is proven on chain`)
    }
    const ran = [...watch.seen.entries(), ...watch2.seen.entries()]
    const sealers = new Set(
      ran.filter(([, tasks]) => [...tasks].some((t) => t.startsWith('seal/v0/precommit'))).map(([id]) => id),
    )
    assert.equal(sealers.size, 2, `PreCommit work ran on ${[...sealers]}`)
    const shown = await runMiner(['sealing', 'workers'], miner.env)
    assert.equal((shown.stdout.match(/^Worker /gm) ?? []).length, 3, shown.stdout) // two workers and the built-in one
  })

  it('a worker that dies holding a PC1 has it retried on the other, and the sector completes', async () => {
    const stats = await mapi.api.WorkerStats()
    const ids = Object.entries(stats)
      .filter(([, s]) => s.tasks.includes('seal/v0/precommit/1'))
      .map(([id]) => id)
    assert.equal(ids.length, 2)
    // worker A takes no AddPiece, worker B no PC1: the PC1 must go to A
    assert.equal((await workerCli(0, ['tasks', 'disable', 'AP'])).code, 0)
    assert.equal((await workerCli(1, ['tasks', 'disable', 'PC1'])).code, 0)
    // the miner sees task changes at its next heartbeat: wait for them, or B (holding the unsealed file) gets the PC1
    await until('the task changes seen by the miner', 30_000, async () => {
      const s = await mapi.api.WorkerStats()
      const tasks = ids.map((id) => s[id]?.tasks ?? [])
      const off = (t: string) => tasks.some((ts) => !ts.includes(t))
      return off('seal/v0/addpiece') && off('seal/v0/precommit/1') ? true : undefined
    })
    const a = workers[0]!
    const r = await runMiner(['sectors', 'pledge'], miner.env)
    assert.equal(r.code, 0, r.stderr)
    const n = Number(/(\d+)/.exec(r.stdout)![1])
    // stopped before its AddPiece (on B) is done: a 2 KiB PC1 finishes faster than the state can be polled
    a.proc.kill('SIGSTOP') // A is handed the PC1 and never answers
    await until('the AddPiece of the new sector done', 60_000, async () => {
      const st = await mapi.api.SectorsStatus(n, false)
      return st.State !== 'Packing' && st.State !== 'WaitDeals' ? true : undefined
    })
    const aId = await until('the PC1 assigned to the stopped worker', 60_000, async () => {
      const jobs = await mapi.api.WorkerJobs()
      const hit = Object.entries(jobs).find(([, js]) =>
        js.some((j) => j.sector.number === n && j.task === 'seal/v0/precommit/1'),
      )
      return hit?.[0]
    })
    a.proc.kill('SIGKILL')
    await a.exited
    assert.equal((await workerCli(1, ['tasks', 'enable', 'PC1'])).code, 0)
    await until(
      `sector ${n} in Proving`,
      240_000,
      async () => ((await mapi.api.SectorsStatus(n, false)).State === 'Proving' ? true : undefined),
      failures,
    )
    const jobs = await mapi.api.WorkerJobs()
    assert.equal(jobs[aId], undefined, 'the dead worker is gone')
  })

  it('a sector sealed on a worker path ends in the miner store path; storage find says where', async () => {
    const find = await runMiner(['storage', 'find', '5'], miner.env)
    assert.equal(find.code, 0, find.stderr)
    const list = await runMiner(['storage', 'list'], miner.env)
    const storeId = new RegExp(
      `^([0-9a-f-]{36}):\\n(?:(?![0-9a-f-]{36}:).*\\n)*?\\s+Local: ${repo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`,
      'm',
    ).exec(list.stdout)?.[1]
    assert.ok(storeId, `the miner repo path in:\n${list.stdout}`)
    assert.match(find.stdout, new RegExp(`In ${storeId} \\(Sealed, Cache\\)`))
    assert.ok(existsSync(join(repo, 'sealed', `s-${ACTOR}-5`)))
    for (const wr of workerRepos) assert.equal(existsSync(join(wr, 'seal', 'sealed', `s-${ACTOR}-5`)), false)
  })

  it('proving compute window-post runs on a --windowpost worker and returns a verified proof', async () => {
    let dl = -1
    for (let i = 0; i < 48 && dl < 0; i++) {
      const parts = (await full.api.StateMinerPartitions(ACTOR, BigInt(i), TipSetKey.EMPTY)) as {
        LiveSectors: unknown
      }[]
      if (parts.some((p) => BitField.fromJson(p.LiveSectors, 'LiveSectors').count > 0)) dl = i
    }
    assert.ok(dl >= 0, 'a deadline holds sectors')
    const post = await startWorker(tempDir('lotus-ts-e2e-wpost-'), minerInfo(), ['--windowpost'], 30000)
    try {
      const id = await until('the PoSt worker registered', 30_000, async () => {
        const stats = await mapi.api.WorkerStats()
        return Object.entries(stats).find(([, w]) => w.tasks.includes('post/v0/windowproof'))?.[0]
      })
      post.proc.kill('SIGSTOP') // held until the miner is seen handing it the proof
      const run = runMiner(['proving', 'compute', 'window-post', String(dl)], miner.env)
      await until('the WDP job on the PoSt worker', 60_000, async () =>
        (await mapi.api.WorkerJobs())[id]?.some((j) => j.task === 'post/v0/windowproof') ? true : undefined,
      )
      post.proc.kill('SIGCONT')
      const r = await run
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stdout, /^Took \d/)
      const [params] = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n'))) as {
        Deadline: number
        Partitions: { Skipped: number[] }[]
        Proofs: { PoStProof: number; ProofBytes: string }[]
      }[]
      assert.ok(params)
      assert.equal(params.Deadline, dl)
      assert.ok(params.Partitions.length > 0 && params.Partitions.every((p) => p.Skipped.length === 0))
      const info = (await full.api.StateMinerInfo(ACTOR, TipSetKey.EMPTY)) as { WindowPoStProofType: number }
      assert.equal(params.Proofs[0]?.PoStProof, info.WindowPoStProofType)
      const bad = await runMiner(['proving', 'compute', 'window-post', 'x'], miner.env)
      assert.notEqual(bad.code, 0)
      assert.match(bad.stderr, /could not parse deadline index: x/)
    } finally {
      post.proc.kill('SIGCONT')
      await stopProgram(post, 'SIGKILL')
    }
  })

  it('backup, the repo wiped and restored: sectors list and every state and log identical', async () => {
    const file = join(backups, 'miner.bak')
    const b = await runMiner(['backup', file], miner.env)
    assert.equal(b.code, 0, b.stderr)
    assert.equal(b.stdout, 'Success\n')
    /** `sectors list` without its relative times ("(in 6 weeks 2 days)"), which move with the clock. */
    const listed = async () => {
      const r = await runMiner(['sectors', 'list'], miner.env)
      assert.equal(r.code, 0, r.stderr)
      return r.stdout.replace(/ *\(in [^)]*\)/g, '')
    }
    const sectorsOf = async () => {
      const out: Record<number, { state: string; log: unknown }> = {}
      for (const n of await mapi.api.SectorsList()) {
        const st = await mapi.api.SectorsStatus(n, false)
        out[n] = { state: st.State, log: st.Log }
      }
      return out
    }
    const [list, sectors] = [await listed(), await sectorsOf()]
    assert.equal((list.match(/ Proving /g) ?? []).length, GENESIS_SECTORS.length + PLEDGED + 1, list)
    await mapi.close()
    await stopMiner(miner)

    // Wiped: nothing of the repo is left but its storage-path part (sectorstore.json and the sector folders).
    const keep = new Set(['sectorstore.json', 'sealed', 'cache', 'unsealed'])
    for (const f of readdirSync(repo)) if (!keep.has(f)) rmSync(join(repo, f), { recursive: true })
    const corrupt = join(backups, 'corrupt.bak')
    const bytes = readFileSync(file)
    bytes[bytes.length >> 1]! ^= 0xff
    writeFileSync(corrupt, bytes)
    const target = tempDir('lotus-ts-e2e-restored-')
    rmSync(target, { recursive: true })
    const refused = await runMiner(['init', 'restore', corrupt], minerEnv(target, env))
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /checksum/)
    assert.equal(existsSync(target), false, 'nothing written')
    const restored = await runMiner(['init', 'restore', file], minerEnv(target, env))
    assert.equal(restored.code, 0, restored.stderr)
    assert.match(restored.stdout, new RegExp(`^Miner ${ACTOR} restored in `))

    repo = target
    await startMinerProcess(miner.port)
    assert.equal(await listed(), list)
    assert.deepEqual(await sectorsOf(), sectors)
  })

  it('bad requests get clear errors', async () => {
    const status = await runMiner(['sectors', 'status', '999'], miner.env)
    assert.notEqual(status.code, 0)
    assert.match(status.stderr, /sector 999 not found/)
    const state = await runMiner(['sectors', 'update-state', '--really-do-it', '2', 'NotAState'], miner.env)
    assert.notEqual(state.code, 0)
    assert.match(state.stderr, /NotAState/)
    const path = await runMiner(['storage', 'attach', '/nonexistent/lotus-ts'], miner.env)
    assert.notEqual(path.code, 0)
    assert.match(path.stderr, /nonexistent/)
    const wpath = await workerCli(1, ['storage', 'attach', '/nonexistent/lotus-ts'])
    assert.notEqual(wpath.code, 0)
    assert.match(wpath.stderr, /nonexistent/)
  })
})
