/**
 * A real `bin/lotus-worker` against a test miner endpoint (a real Scheduler behind WorkerConnect): it
 * registers, runs a real 2 KiB AP + PC1, answers `info` and `tasks`, and when it is SIGKILLed in the middle
 * of a task that task is retried on an in-process worker.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { sealingCmd } from '../../src/cli/lotus-miner/sealing.ts'
import type { App } from '../../src/cli/framework/command.ts'
import { runApp } from '../../src/cli/framework/run.ts'
import { workerJobs } from '../../src/miner/sched/info.ts'
import { LocalWorker } from '../../src/worker/local-worker.ts'
import type { SectorRef } from '../../src/worker/worker.ts'
import { startTestMiner, until } from '../worker/test-miner.ts'

const execFileAsync = promisify(execFile)
const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-worker')
const dir = mkdtempSync(join(tmpdir(), 'lotus-worker-cli-'))
const children = new Set<ChildProcess>()
after(() => {
  for (const c of children) c.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Runs `lotus-miner sealing …` in process against the test miner. */
async function sealing(args: string[], apiInfo: string): Promise<string> {
  const app: App = { name: 'lotus-miner', usage: '', version: '0', flags: [], commands: [sealingCmd] }
  let out = ''
  const stdout = new PassThrough()
  stdout.on('data', (b: Buffer) => {
    out += b.toString()
  })
  const stderr = new PassThrough()
  const env = { ...process.env, MINER_API_INFO: apiInfo }
  const code = await runApp(app, ['sealing', ...args], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env,
    signal: new AbortController().signal,
  })
  assert.equal(code, 0)
  return out
}

function workerEnv(repo: string, apiInfo: string): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.WORKER_API_INFO
  return {
    ...env,
    MINER_API_INFO: apiInfo,
    LOTUS_WORKER_PATH: repo,
    FIL_PROOFS_PARENT_CACHE: join(dir, 'parents'),
    LOTUS_TS_LOG_LEVEL: 'warn',
  }
}

/** Runs the CLI asynchronously (the test process serves the miner API the worker asks to verify tokens). */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' })
  return stdout
}

test('lotus-worker registers, seals on its own path, survives nothing when SIGKILLed: its task is retried', async () => {
  const miner = await startTestMiner()
  const repo = join(dir, 'w1')
  const env = workerEnv(repo, miner.apiInfo)
  const child = spawn(process.execPath, [BIN, 'run', '--listen', '127.0.0.1:0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let stderr = ''
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString()
  })
  await until(() => miner.sched.workers().length === 1 || child.exitCode !== null, 'the worker to register')
  assert.equal(child.exitCode, null, stderr)
  const remote = miner.sched.workers()[0]!
  assert.ok(remote.tasks.has('PC1') && remote.tasks.has('AP') && remote.tasks.has('FIN'))
  assert.ok(!remote.tasks.has('WDP'), 'WindowPoSt is off by default')

  // info and tasks enable|disable through the worker's own API.
  const info = await cli(['info'], env)
  assert.match(info, /Session: [0-9a-f-]{36}/)
  assert.match(info, /Task types: .*PC2.*PC1.*AP/)
  await cli(['tasks', 'disable', 'PC2'], env)
  assert.doesNotMatch(await cli(['info'], env), /PC2/)
  await cli(['tasks', 'enable', 'PC2'], env)
  assert.match(await cli(['info'], env), /PC2/)
  await assert.rejects(cli(['tasks', 'enable', 'XX'], env), /unknown task type 'XX'/)

  // A real 2 KiB AP + PC1 on the remote worker, in its own seal path.
  const s1: SectorRef = { miner: 1000, number: 1, proof: 5 }
  const ap = (await miner.sched.schedule(s1, 'AP', { pieces: [{ size: 2032 }] })) as { commD: string }
  const pc1 = (await miner.sched.schedule(s1, 'PC1', { ticket: '33'.repeat(32), commD: ap.commD })) as {
    replicaId: string
  }
  assert.equal(pc1.replicaId.length, 64)
  assert.ok(existsSync(join(repo, 'unsealed', 's-t01000-1')))
  assert.ok(readdirSync(join(repo, 'cache', 's-t01000-1')).some((f) => f.startsWith('sc-02-data-layer-')))

  // AP of sector 2 reads its piece from a FIFO nobody writes yet: the task is running when we kill the worker.
  const fifo = join(dir, 'piece.fifo')
  execFileSync('mkfifo', [fifo])
  const s2: SectorRef = { miner: 1000, number: 2, proof: 5 }
  const ap2 = miner.sched.schedule(s2, 'AP', { pieces: [{ size: 2032, path: fifo }] })
  await until(() => (workerJobs(miner.sched)[remote.id] ?? []).some((j) => j.runWait === 0), 'AP to run remotely')
  const jobs = await sealing(['jobs'], miner.apiInfo)
  assert.match(jobs, /^ID {8}Sector {2}Worker {4}Hostname +Task {2}State {4}Time/)
  assert.match(jobs, new RegExp(`\\b${remote.id.replace(/-/g, '').slice(0, 8)}\\s+\\S+\\s+AP\\s+running\\s`))
  const workers = await sealing(['workers'], miner.apiInfo)
  assert.match(workers, new RegExp(`^Worker ${remote.id}, host \\S+\\n\\tTASK: .*AP\\(1\\)`))
  assert.match(workers, /\tCPU: {2}\[\|* *\] 1\/\d+ core\(s\) in use\n\tRAM: {2}\[/)
  child.kill('SIGKILL')
  await until(() => miner.sched.workers().length === 0, 'the lost worker to be dropped')
  assert.equal(miner.sched.queued().length, 1, 'the AP is back in the queue')

  const local = new LocalWorker({ tasks: ['AP', 'PC1'], sealDir: join(dir, 'local'), parentsDir: join(dir, 'parents') })
  mkdirSync(join(dir, 'local'), { recursive: true })
  await miner.sched.addWorker(local)
  await until(() => local.runningCount === 1, 'the AP to be retried in process')
  await writeFile(fifo, Buffer.alloc(2032, 9))
  const r2 = (await ap2) as { commD: string }
  const pc1b = (await miner.sched.schedule(s2, 'PC1', { ticket: '44'.repeat(32), commD: r2.commD })) as {
    replicaId: string
  }
  assert.equal(pc1b.replicaId.length, 64)
  assert.ok(existsSync(join(dir, 'local', 'unsealed', 's-t01000-2')))
  await miner.close()
})
