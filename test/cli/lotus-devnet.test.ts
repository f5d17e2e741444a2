/**
 * `lotus-devnet`: one command starts a local network in a folder (daemon, genesis miner, worker) that
 * produces blocks; the ordinary CLI talks to it through the repos' api files; SIGINT stops every process
 * cleanly, and the next start resumes the same chain. Bad flags are refused before anything starts.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'

const BIN = (p: string) => resolve(import.meta.dirname, '..', '..', 'bin', p)
const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-devnet-'))
const net = join(dir, 'net')
const running = new Set<ChildProcess>()

interface Devnet {
  proc: ChildProcess
  out: () => string
  exited: Promise<number | null>
}

function startDevnet(args: string[]): Devnet {
  // Its own process group, so that a failed test can kill the devnet and every process it started.
  const proc = spawn(process.execPath, [BIN('lotus-devnet'), `--dir=${net}`, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(proc)
  let out = ''
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((r) =>
    proc.on('exit', (code) => {
      running.delete(proc)
      r(code)
    }),
  )
  return { proc, out: () => out, exited }
}

async function waitFor(d: Devnet, re: RegExp, ms: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms
  for (;;) {
    const m = re.exec(d.out())
    if (m) return m
    if (d.proc.exitCode !== null) throw new Error(`devnet exited:\n${d.out()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${d.out()}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const heights = (out: string) => [...out.matchAll(/height (\d+)/g)].map((m) => Number(m[1]))

after(() => {
  for (const p of running) {
    try {
      process.kill(-p.pid!, 'SIGKILL')
    } catch {}
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('lotus-devnet', () => {
  it('refuses bad flags with a clear error', () => {
    for (const [flags, re] of [
      [['--block-time=1'], /--block-time: expected a whole number from 2 to 3600/],
      [['--miners=0'], /--miners: expected a whole number from 1 to 16/],
      [['--challenge-window=7'], /--challenge-window: expected a whole number from 8 to 60/],
    ] as const) {
      const r = spawnSyncErr([`--dir=${join(dir, 'bad')}`, ...flags])
      assert.match(r, re)
    }
    assert.equal(existsSync(join(dir, 'bad', 'lotus')), false)
  })

  it('starts a network that mines, serves the usual CLI, stops on SIGINT and resumes', async () => {
    const d = startDevnet(['--block-time=2', '--challenge-window=8'])
    await waitFor(d, /running: Ctrl-C stops every process/, 120_000)
    await waitFor(d, /height ([3-9]|\d\d+) \|/, 60_000)
    assert.match(
      d.out(),
      /t01000: power 4 KiB, sectors Proving 2, (deadline \d+ open until|next deadline \d+ opens at) \d+/,
    )
    const env = { ...process.env, LOTUS_PATH: join(net, 'lotus'), LOTUS_MINER_PATH: join(net, 'miner') }
    const head = execFileSync(process.execPath, [BIN('lotus'), 'chain', 'head'], { env, encoding: 'utf8' })
    assert.match(head, /^bafy2bz/)
    // the daemon and the miner both run the devnet's 8-epoch deadlines
    const info = execFileSync(process.execPath, [BIN('lotus-miner'), 'proving', 'info'], { env, encoding: 'utf8' })
    const bounds = /Proving Period Start:\s+(-?\d+)[\s\S]*Next Period Start:\s+(-?\d+)/.exec(info)
    assert.ok(bounds, info)
    assert.equal(Number(bounds[2]) - Number(bounds[1]), 48 * 8)
    const storage = execFileSync(process.execPath, [BIN('lotus-miner'), 'storage', 'list'], { env, encoding: 'utf8' })
    assert.match(storage, /genesis-sectors/)
    const before = Math.max(...heights(d.out()))
    process.kill(d.proc.pid!, 'SIGINT')
    assert.equal(await d.exited, 0, d.out())
    for (const repo of ['lotus', 'miner', 'worker'])
      assert.equal(existsSync(join(net, repo, 'repo.lock')) && lockHeld(join(net, repo)), false)

    const again = startDevnet([])
    await waitFor(again, /running/, 60_000)
    assert.doesNotMatch(again.out(), /pre-sealing/, 'a resumed devnet does not set up again')
    await waitFor(
      again,
      new RegExp(`height (${before + 1}|${before + 2}|[1-9]\\d{${String(before).length},})\\b`),
      60_000,
    )
    assert.ok(Math.min(...heights(again.out())) >= before, 'the resumed chain starts at the old head')
    process.kill(again.proc.pid!, 'SIGINT')
    assert.equal(await again.exited, 0)
    const state = JSON.parse(readFileSync(join(net, 'devnet.json'), 'utf8'))
    assert.deepEqual([state.setupDone, state.challengeWindow], [true, 8])
  })
})

function spawnSyncErr(args: string[]): string {
  try {
    execFileSync(process.execPath, [BIN('lotus-devnet'), ...args], { encoding: 'utf8', stdio: 'pipe' })
    return ''
  } catch (err) {
    return String((err as { stderr?: string }).stderr)
  }
}

/** Whether a repo's lock is still held (a process still runs on it). */
function lockHeld(repo: string): boolean {
  const pidFile = join(repo, 'repo.lock')
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
