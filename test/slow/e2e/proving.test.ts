/**
 * Issue 8's acceptance test, with real processes (about 50 minutes: `npm run test:slow`). Two genesis miners
 * (t01000 with 8 pre-sealed 2KiB sectors in 4 deadlines, t01001 with 4 in 2) mine and prove on a daemon with
 * 2 s epochs and 8-epoch deadlines. Everything is read back from the chain through the daemon's API and from
 * the ordinary `lotus-miner proving` commands:
 * - over two full proving periods every deadline holding sectors gets its WindowPoSt on chain in its window,
 *   no sector is ever faulty, and both miners win blocks in proportion to their power (chi-square);
 * - a sealed file of t01000 overwritten with zeros: the sector is declared faulty (or skipped in its
 *   deadline's proof) by the time that deadline closes, and loses its power; the file put back, the sector
 *   is declared recovered and its power returns;
 * - meanwhile t01001 is stopped across a whole deadline (`lotus-miner stop` first refuses, `--force` stops
 *   it): the chain marks that partition faulty; started again, the miner declares it recovered and proves it.
 */
import assert from 'node:assert/strict'
import { copyFileSync, statSync, writeFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { killAll, stopDaemon } from '../../helpers/lotus-process.ts'
import { killAllMiners, runMiner } from '../../helpers/miner-process.ts'
import { stopProgram } from '../../helpers/process.ts'
import {
  CHALLENGE_WINDOW,
  faults,
  minerCli,
  type NetMiner,
  type Network,
  nextOpen,
  partitions,
  provingDeadline,
  rawPower,
  recoveries,
  scanChain,
  sealedFile,
  sectorDeadlines,
  sleep,
  startNetMiner,
  startNetwork,
  waitFor,
  waitForEpoch,
} from './proving-network.ts'
import { MinerMethod } from '../../../src/miner/proving/messages.ts'

const SECTOR_BYTES = 2048n
/** chi-square with 1 degree of freedom at p = 0.001. */
const CHI2_1DF_P001 = 10.83
/** Proving periods of the first test (2; fewer for a quick look at the rest: PROVING_TEST_PERIODS=0). */
const PERIODS = Number(process.env.PROVING_TEST_PERIODS ?? 2)
const say = (line: string) => console.log(`# ${new Date().toISOString().slice(11, 19)} ${line}`)

let net: Network
let periodEpochs = 0
/** Raw power per miner while every sector is healthy. */
const healthy = new Map<string, bigint>()

before(async () => {
  net = await startNetwork([8, 4])
  say(`network up: daemon ${net.daemon.apiAddr}, miners ${net.miners.map((m) => m.actor).join(', ')}`)
})

after(async () => {
  for (const m of net?.miners ?? []) if (m.process) await stopProgram(m.process).catch(() => {})
  await net?.close()
  if (net) await stopDaemon(net.daemon)
  killAllMiners()
  await killAll()
})

/** The other sectors of `sector`'s partition in deadline `dl`. */
async function partitionMates(m: NetMiner, dl: number, sector: number): Promise<number[]> {
  const all = (await partitions(net, m.actor))[dl]!.map((p) => p.all.toArray())
  return (all.find((p) => p.includes(sector)) ?? []).filter((s) => s !== sector)
}

describe('storage proving on a two-miner devnet', () => {
  it('two full proving periods: every deadline with sectors proven in its window, no fault, wins by power', async () => {
    const [m1, m2] = net.miners as [NetMiner, NetMiner]
    const start = (await net.api.ChainHead()).height + 1
    const d = await provingDeadline(net, m1.actor)
    periodEpochs = d.wpostProvingPeriod
    assert.equal(d.wpostChallengeWindow, CHALLENGE_WINDOW)
    const layout = new Map<string, Map<number, number[]>>()
    for (const m of net.miners) {
      layout.set(m.actor.toString(), await sectorDeadlines(net, m.actor))
      healthy.set(m.actor.toString(), await rawPower(net, m.actor))
    }
    say(
      `period ${d.wpostProvingPeriod} epochs; deadlines with sectors: ${[...layout].map(([a, l]) => `${a} ${[...l.keys()]}`)}`,
    )
    assert.equal(healthy.get(m1.actor.toString()), 8n * SECTOR_BYTES)
    assert.equal(healthy.get(m2.actor.toString()), 4n * SECTOR_BYTES)

    // faults and recoveries are watched all along, not only at the end
    const seen: string[] = []
    let watching = true
    const watcher = (async () => {
      while (watching) {
        for (const m of net.miners) {
          const f = await faults(net, m.actor)
          const r = await recoveries(net, m.actor)
          if (f.length + r.length > 0) seen.push(`${m.actor} faults [${f}] recoveries [${r}]`)
        }
        await sleep(2000)
      }
    })()
    const end = start + PERIODS * d.wpostProvingPeriod + d.wpostChallengeWindow
    for (let h = start; h < end; h += 48) {
      await waitForEpoch(net, Math.min(h + 48, end))
      say(`height ${Math.min(h + 48, end)} of ${end}`)
    }
    watching = false
    await watcher
    assert.deepEqual(seen, [], 'no sector is ever faulty')

    const span = await scanChain(net, start, end)
    for (const m of net.miners) {
      const a = m.actor.toString()
      const posts = span.messages.filter((x) => x.miner === a && x.method === MinerMethod.SubmitWindowedPoSt)
      assert.deepEqual(
        posts.filter((x) => x.exitCode !== 0),
        [],
        `${a}: every WindowPoSt succeeds`,
      )
      assert.deepEqual(
        span.messages.filter((x) => x.miner === a && x.method === MinerMethod.DeclareFaults),
        [],
        `${a}: no fault declared`,
      )
      for (const idx of layout.get(a)!.keys()) {
        const dl = await provingDeadline(net, m.actor)
        let proven = 0
        for (let o = nextOpen(dl, idx, start); o.close <= end; o = nextOpen(dl, idx, o.open + 1)) {
          const landed = posts.filter((x) => x.deadline === idx && x.epoch >= o.open && x.epoch < o.close)
          assert.ok(landed.length >= 1, `${a}: deadline ${idx} opened at ${o.open} has no WindowPoSt in its window`)
          proven++
        }
        assert.ok(proven >= PERIODS, `${a}: deadline ${idx} proven ${proven} times in ${PERIODS} periods`)
      }
    }
    // the miners' wins against their power: chi-square (1 degree of freedom), conditional on the total
    for (const m of net.miners)
      assert.equal(await rawPower(net, m.actor), healthy.get(m.actor.toString()), `${m.actor}: power unchanged`)
    const total = [...healthy.values()].reduce((s, p) => s + p, 0n)
    const wins = net.miners.map((m) => span.wins.get(m.actor.toString()) ?? 0)
    const n = wins.reduce((s, w) => s + w, 0)
    const chi2 = net.miners.reduce((s, m, i) => {
      const e = (n * Number(healthy.get(m.actor.toString())!)) / Number(total)
      return s + (wins[i]! - e) ** 2 / e
    }, 0)
    say(`wins over ${span.tipsets} tipsets: ${wins.join(' / ')} (power 2:1), chi-square ${chi2.toFixed(2)}`)
    assert.ok(wins.every((w) => w > 0))
    assert.ok(chi2 < CHI2_1DF_P001, `wins ${wins} are not in proportion 2:1 to power (chi-square ${chi2.toFixed(2)})`)
  })

  it('a corrupted sector is declared faulty and loses power; put back, it recovers (while a stopped miner recovers too)', async () => {
    const [m1, m2] = net.miners as [NetMiner, NetMiner]
    await Promise.all([corruptAndRestore(m1), stopAcrossDeadline(m2)])
  })
})

/** The miner's deadline holding sectors that opens first at least `lead` epochs from now, with its sectors. */
async function nextBusyDeadline(m: NetMiner, lead: number) {
  const head = (await net.api.ChainHead()).height
  const dl = await provingDeadline(net, m.actor)
  const layout = await sectorDeadlines(net, m.actor)
  const [idx, occ] = [...layout.keys()]
    .map((i) => [i, nextOpen(dl, i, head + lead)] as const)
    .sort((x, y) => x[1].open - y[1].open)[0]!
  return { head, idx, occ, sectors: layout.get(idx)! }
}

/** `proving deadlines`' row of deadline `idx`: its sector count and faults. */
const deadlineRow = (idx: number, sectors: number, faulty: number) =>
  new RegExp(`^${idx}\\s+\\S+\\s+\\d+\\s+${sectors} \\(${faulty}\\)`, 'm')
/** `proving faults`' row of a sector. */
const faultRow = (idx: number, sector: number) => new RegExp(`^${idx}\\s+\\d+\\s+${sector}\\s*$`, 'm')

async function corruptAndRestore(m: NetMiner): Promise<void> {
  const a = m.actor.toString()
  // the deadline whose challenge is still a few epochs away: its proof, or a declaration before it, must see the damage
  const { head, idx, occ, sectors: all } = await nextBusyDeadline(m, 5)
  const sector = all[0]!
  const mates = await partitionMates(m, idx, sector)
  const file = sealedFile(m, sector)
  const size = statSync(file).size
  copyFileSync(file, `${file}.bak`)
  writeFileSync(file, new Uint8Array(size))
  say(`${a}: sector ${sector} (deadline ${idx}, opens at ${occ.open}) overwritten with zeros at epoch ${head}`)

  const faultyAt = await waitFor(net, `${a} sector ${sector} faulty`, occ.close + 4 - head, async () =>
    (await faults(net, m.actor)).includes(sector) ? (await net.api.ChainHead()).height : undefined,
  )
  assert.ok(
    faultyAt <= occ.close,
    `${a}: sector ${sector} became faulty only at ${faultyAt}, its deadline closed at ${occ.close}`,
  )
  await waitForEpoch(net, occ.close)
  const span = await scanChain(net, head, occ.close)
  const declared = span.messages.find(
    (x) => x.miner === a && x.method === MinerMethod.DeclareFaults && x.exitCode === 0,
  )
  const post = span.messages.find(
    (x) => x.miner === a && x.method === MinerMethod.SubmitWindowedPoSt && x.deadline === idx && x.exitCode === 0,
  )
  assert.ok(post, `${a}: deadline ${idx}'s partition was still proven at ${occ.open}..${occ.close}`)
  if (declared) assert.ok(declared.epoch < occ.open - 3, `${a}: fault declared at ${declared.epoch}, after the cutoff`)
  say(`${a}: sector ${sector} ${declared ? `declared faulty at epoch ${declared.epoch}` : 'skipped in the proof'}`)
  const nowFaulty = await faults(net, m.actor)
  for (const s of mates) assert.ok(!nowFaulty.includes(s), `${a}: sector ${s} of the same partition stayed healthy`)
  assert.equal(await rawPower(net, m.actor), healthy.get(a)! - SECTOR_BYTES, `${a}: the faulty sector's power is gone`)
  assert.match(await minerCli(m, ['proving', 'faults']), faultRow(idx, sector))
  assert.match(await minerCli(m, ['proving', 'deadlines']), deadlineRow(idx, all.length, 1))

  copyFileSync(`${file}.bak`, file)
  say(`${a}: sector ${sector} put back`)
  await waitFor(net, `${a} sector ${sector} recovering`, periodEpochs + 2 * CHALLENGE_WINDOW, async () =>
    (await recoveries(net, m.actor)).includes(sector),
  )
  assert.match(await minerCli(m, ['proving', 'deadline', String(idx)]), /Recovering Sectors:\s+1$/m)
  say(`${a}: sector ${sector} declared recovered`)
  await waitFor(net, `${a} sector ${sector} proven again`, 4 * CHALLENGE_WINDOW, async () => {
    const f = await faults(net, m.actor)
    const r = await recoveries(net, m.actor)
    return !f.includes(sector) && !r.includes(sector)
  })
  assert.equal(await rawPower(net, m.actor), healthy.get(a), `${a}: the recovered sector's power is back`)
  assert.doesNotMatch(await minerCli(m, ['proving', 'faults']), faultRow(idx, sector))
  assert.match(await minerCli(m, ['proving', 'deadlines']), deadlineRow(idx, all.length, 0))
  say(`${a}: sector ${sector} proven again, power back`)
}

async function stopAcrossDeadline(m: NetMiner): Promise<void> {
  const a = m.actor.toString()
  const { idx, occ, sectors } = await nextBusyDeadline(m, 6)
  // inside the maintenance margin (5 epochs) before the deadline opens, a plain stop refuses
  await waitForEpoch(net, occ.open - 3)
  const refused = await runMiner(['stop'], m.process!.env)
  assert.notEqual(refused.code, 0, `lotus-miner stop at ${(await net.api.ChainHead()).height}: ${refused.stderr}`)
  assert.match(
    refused.stderr,
    new RegExp(`refusing to stop the miner: deadline ${idx} \\(${sectors.length} sectors\\)`),
  )
  assert.match(refused.stderr, /the next safe window starts at epoch/)
  assert.equal((await runMiner(['stop', '--force'], m.process!.env)).code, 0)
  const stopped = m.process!
  await waitFor(net, `${a} exits`, 20, async () => stopped.proc.exitCode !== null)
  m.process = undefined
  say(`${a}: stopped before deadline ${idx} (${sectors.length} sectors) opened at ${occ.open}`)

  await waitForEpoch(net, occ.close + 1)
  const f = await faults(net, m.actor)
  for (const s of sectors)
    assert.ok(f.includes(s), `${a}: sector ${s} of the missed deadline is faulty (faults [${f}])`)
  assert.equal(
    await rawPower(net, m.actor),
    healthy.get(a)! - BigInt(sectors.length) * SECTOR_BYTES,
    `${a}: the missed partition's power is gone`,
  )
  say(`${a}: the chain marked deadline ${idx}'s sectors [${sectors}] faulty; starting the miner again`)

  await startNetMiner(net, m)
  const listed = await minerCli(m, ['proving', 'faults'])
  for (const s of sectors) assert.match(listed, faultRow(idx, s))
  await waitFor(net, `${a} deadline ${idx} recovering`, periodEpochs + 2 * CHALLENGE_WINDOW, async () => {
    const r = await recoveries(net, m.actor)
    return sectors.every((s) => r.includes(s))
  })
  say(`${a}: deadline ${idx}'s sectors declared recovered`)
  await waitFor(net, `${a} deadline ${idx} proven again`, 4 * CHALLENGE_WINDOW, async () => {
    const f = await faults(net, m.actor)
    return sectors.every((s) => !f.includes(s))
  })
  assert.equal(await rawPower(net, m.actor), healthy.get(a), `${a}: power back after the restart`)
  assert.match(await minerCli(m, ['proving', 'deadlines']), deadlineRow(idx, sectors.length, 0))
  say(`${a}: deadline ${idx} proven again, power back`)
}
