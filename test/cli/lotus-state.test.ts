/**
 * `lotus state` queries a storage provider uses, against a real `lotus daemon` on a genesis made the Lotus
 * way (lotus-seed pre-seal of two 2KiB sectors for t01000, genesis new, add-miner): power, miner-info,
 * sectors (and the old name active-sectors), sector, list-actors, list-miners, read-state, sector-size,
 * miner-proving-deadline, `--tipset` refs, and bad input exiting 1 with the problem on stderr. The CLI runs
 * start together in `before` (each is a node process) and the tests check their output.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { percent } from '../../src/cli/lotus/state-tipset.ts'
import { multiaddrString } from '../../src/cli/lotus/state-multiaddr.ts'
import { Address } from '../../src/core/address.ts'
import type { TipSet } from '../../src/core/tipset.ts'
import { TipSetKey } from '../../src/core/tipset-key.ts'
import { decode } from '../../src/core/codec.ts'
import { CurrentTotalPowerReturnCodec } from '../../src/chain/actors/power/types.ts'
import { fromHex } from '../../src/util/bytes.ts'
import { type DaemonHandle, killAll, type RunResult, runLotus, startDaemon, tempDir } from '../helpers/lotus-process.ts'
import { fullNodeClient, makeGenesisArgs, makeGenesisTemplate } from '../miner/mining/genesis-fixture.ts'

const M = 't01000'
const HEAD = TipSetKey.EMPTY

interface PreSealSector {
  CommR: { '/': string }
  SectorID: number
  ProofType: number
  Deal: { EndEpoch: number }
}

let daemon: DaemonHandle
let client: ReturnType<typeof fullNodeClient>
let sectors: PreSealSector[]
let owner: string
let head: TipSet
const runs = new Map<string, Promise<RunResult>>()

/** The result of `lotus state <args>` (all were started in `before`). */
const state = (...args: string[]) => {
  const r = runs.get(args.join(' '))
  assert.ok(r, `lotus state ${args.join(' ')} was not started in before()`)
  return r
}

const CASES = [
  ['power'],
  ['power', M],
  ['power', '--tipset', '@0', M],
  ['power', '--tipset', '@head'],
  ['miner-info', M],
  ['sectors', M],
  ['active-sectors', M],
  ['sectors', '--all', '--show-partitions', M],
  ['sectors', '--all', '--human', M],
  ['sector', M, '1'],
  ['sector-info', M, '0'],
  ['list-actors'],
  ['list-miners'],
  ['read-state', 't04'],
  ['read-state', M],
  ['call', 't04', '9'],
  ['sector-size', M],
  ['miner-proving-deadline', M],
  // bad input
  ['power', 't099'],
  ['miner-info', 'not-an-address'],
  ['miner-info', 't09999'],
  ['sector', M, '7'],
  ['sector', M, 'x'],
  ['sectors'],
  ['read-state', 't09999'],
  ['power', '--tipset', '@999', M],
  ['power', '--tipset', 'bafynotacid', M],
  ['power', '--tipset', '@x', M],
  ['call', 't04'],
  ['call', 't04', 'nine'],
]

before(async () => {
  const g = makeGenesisTemplate(tempDir('lotus-ts-state-'), [1000], 2)
  const meta = JSON.parse(readFileSync(g.miners[0]!.metadata, 'utf8'))[M] as { Owner: string; Sectors: PreSealSector[] }
  sectors = meta.Sectors
  daemon = await startDaemon(tempDir(), {}, 30000, makeGenesisArgs(g))
  client = fullNodeClient(daemon)
  head = await client.api.ChainHead()
  owner = String(await client.api.StateLookupID(Address.parse(meta.Owner), HEAD))
  const withHead = [
    ['power', '--tipset', head.cids.map(String).join(','), M],
    ['call', '--from', owner, 't04', '9'],
    ['call', '--from', owner, '--ret', 'hex', 't04', '9'],
    ['call', '--from', owner, 't04', '2'],
  ]
  for (const c of [...CASES, ...withHead]) runs.set(c.join(' '), runLotus(['state', ...c], daemon.env))
  await Promise.all(runs.values())
})

after(async () => {
  client?.close()
  await killAll()
})

const ok = async (...args: string[]) => {
  const r = await state(...args)
  assert.equal(r.code, 0, `lotus state ${args.join(' ')}: ${r.stderr}`)
  assert.equal(r.stderr, '')
  return r.stdout
}

describe('lotus state on a genesis with one pre-sealed miner', () => {
  it('power: the network total and the miner share, 2 KiB per sector, at any tipset ref', async () => {
    assert.equal(await ok('power'), '4096(4 KiB)\n')
    assert.equal(await ok('power', '--tipset', '@head'), '4096(4 KiB)\n')
    const line = '4096(4 KiB) / 4096(4 KiB) ~= 100.0000%\n'
    assert.equal(await ok('power', M), line)
    assert.equal(await ok('power', '--tipset', '@0', M), line)
    assert.equal(await ok('power', '--tipset', head.cids.map(String).join(','), M), line)
  })

  it('miner-info: keys, sector size, power lines and the proving period start', async () => {
    const lines = (await ok('miner-info', M)).split('\n')
    const dl = (await client.api.StateMinerProvingDeadline(Address.parse(M), HEAD)) as Record<string, number>
    assert.deepEqual(lines.slice(0, 4), [
      'Available Balance: 0 FIL',
      `Owner:\t${owner}`,
      `Worker:\t${owner}`,
      `Beneficiary:\t${owner}`,
    ])
    assert.ok(lines.includes('SectorSize:\t2 KiB (2048)'))
    assert.ok(lines.includes('Byte Power:   4 KiB / 4 KiB (100.0000%)'))
    assert.ok(lines.includes('Actual Power: 4 Ki / 4 Ki (100.0000%)'))
    assert.ok(lines.includes('Multiaddrs:\t'))
    const start = lines.find((l) => l.startsWith('Proving Period Start:\t'))
    assert.match(start ?? '', new RegExp(`^Proving Period Start:\\t${dl.PeriodStart} \\(.* ago\\)$`))
  })

  it('sectors: the active sectors as Lotus CSV with the pre-seal CIDs; active-sectors is the same', async () => {
    const want = [
      'Sector Number,Sealed CID,Activation,Expiration,InitialPledge (attoFIL),DailyFee (attoFIL)',
      ...sectors.map((s) => `${s.SectorID},${s.CommR['/']},0,${s.Deal.EndEpoch},0,0`),
    ]
    assert.equal(await ok('sectors', M), `${want.join('\n')}\n`)
    assert.equal(await ok('active-sectors', M), `${want.join('\n')}\n`)
  })

  it('sectors --all --show-partitions: each sector in the partition the chain has it in', async () => {
    const rows = (await ok('sectors', '--all', '--show-partitions', M)).trimEnd().split('\n')
    assert.equal(
      rows[0],
      'Sector Number,Deadline,Partition,Sealed CID,Activation,Expiration,InitialPledge (attoFIL),DailyFee (attoFIL)',
    )
    assert.equal(rows.length, sectors.length + 1)
    for (const [i, row] of rows.slice(1).entries()) {
      const [num, dl, part, cid] = row.split(',')
      assert.equal(Number(num), sectors[i]!.SectorID)
      assert.equal(cid, sectors[i]!.CommR['/'])
      const parts = (await client.api.StateMinerPartitions(Address.parse(M), BigInt(dl!), HEAD)) as {
        AllSectors: number[]
      }[]
      const ones = parts[Number(part)]!.AllSectors
      // run-length JSON: [zeros, ones, ...]; the sector is inside a run of ones
      let at = 0
      let inside = false
      ones.forEach((len, k) => {
        if (k % 2 === 1 && Number(num) >= at && Number(num) < at + len) inside = true
        at += len
      })
      assert.ok(inside, `sector ${num} is in deadline ${dl} partition ${part}`)
    }
  })

  it('sectors --human: epochs as UTC wall-clock times from the genesis timestamp, FIL unitless', async () => {
    const rows = (await ok('sectors', '--all', '--human', M)).trimEnd().split('\n')
    assert.equal(
      rows[0],
      'Sector Number,Sealed CID,Activation (UTC),Expiration (UTC),InitialPledge (FIL),DailyFee (FIL)',
    )
    const genesisTime = new Date(head.minTimestamp * 1000).toISOString().slice(0, 19).replace('T', ' ')
    const [, , activation, , pledge] = rows[1]!.split(',')
    assert.equal(activation, genesisTime)
    assert.equal(pledge, '0')
  })

  it('sector: one record with the pre-seal CID, proof type, expiration and partition', async () => {
    const s = sectors[1]!
    const lines = (await ok('sector', M, String(s.SectorID))).split('\n')
    assert.deepEqual(lines.slice(0, 4), [
      `SectorNumber:  ${s.SectorID}`,
      `SealProof:  ${s.ProofType}`,
      `SealedCID:  ${s.CommR['/']}`,
      '',
    ])
    assert.match(lines[4]!, /^Activation: {2}0 \(\d\d \w{3} \d\d \d\d:\d\d UTC, now\)$/)
    assert.match(lines[5]!, new RegExp(`^Expiration:  ${s.Deal.EndEpoch} \\(.*, in .*\\)$`))
    assert.ok(lines.includes('InitialPledge:  0 FIL'))
    assert.ok(lines.includes('DealIDs (deprecated): []'))
    assert.ok(lines.some((l) => /^Deadline: {2}\d+$/.test(l)))
    assert.match(await ok('sector-info', M, '0'), new RegExp(`SealedCID:  ${sectors[0]!.CommR['/']}\n`))
  })

  it('list-actors, list-miners, read-state, sector-size, miner-proving-deadline', async () => {
    const actors = (await ok('list-actors')).trimEnd().split('\n')
    for (const a of ['t00', 't01', 't02', 't03', 't04', 't099', M, owner]) assert.ok(actors.includes(a), a)
    assert.equal(await ok('list-miners'), `${M}\n`)
    const power = JSON.parse(await ok('read-state', 't04')) as Record<string, unknown>
    assert.equal(power.TotalRawBytePower, '4096')
    assert.equal(power.MinerCount, 1)
    const miner = JSON.parse(await ok('read-state', M)) as Record<string, unknown>
    assert.ok('Info' in miner && 'Sectors' in miner, `miner state fields: ${Object.keys(miner)}`)
    assert.equal(await ok('sector-size', M), '2 KiB (2048)\n')
    const dl = (await client.api.StateMinerProvingDeadline(Address.parse(M), HEAD)) as Record<string, number>
    assert.equal(
      await ok('miner-proving-deadline', M),
      `Period Start:\t${dl.PeriodStart}\nIndex:\t\t${dl.Index}\nOpen:\t\t${dl.Open}\nClose:\t\t${dl.Close}\n` +
        `Challenge:\t${dl.Challenge}\nFaultCutoff:\t${dl.FaultCutoff}\n`,
    )
  })

  it('call: a read-only method of the power actor, its return decoded by the method table and as hex', async () => {
    const decoded = await ok('call', '--from', owner, 't04', '9')
    assert.equal(await ok('call', 't04', '9'), decoded, 'as Lotus, the default sender t00 may call')
    assert.match(decoded, /^Call receipt:\nExit code: 0\nGas Used: \d+\nReturn:\n\{\n/)
    const json = JSON.parse(decoded.slice(decoded.indexOf('{'))) as Record<string, unknown>
    const hex = (await ok('call', '--from', owner, '--ret', 'hex', 't04', '9')).trimEnd().split('\n').at(-1)!
    assert.deepEqual(json, CurrentTotalPowerReturnCodec.toJson(decode(CurrentTotalPowerReturnCodec, fromHex(hex))))
    const st = JSON.parse(await ok('read-state', 't04')) as Record<string, unknown>
    assert.equal(json.RawBytePower, st.ThisEpochRawBytePower)
    assert.equal(json.QualityAdjPower, st.ThisEpochQualityAdjPower)
  })

  it('bad input exits 1 with the problem on stderr', async () => {
    const bad = async (pattern: RegExp, ...args: string[]) => {
      const r = await state(...args)
      assert.equal(r.code, 1, `lotus state ${args.join(' ')} should fail`)
      assert.equal(r.stdout, '')
      assert.match(r.stderr, pattern, args.join(' '))
    }
    await bad(/^ERROR: provided address t099 does not correspond to a miner actor/, 'power', 't099')
    await bad(/^ERROR: miner address: .*not-an-address/, 'miner-info', 'not-an-address')
    await bad(/^ERROR: .*actor not found/, 'miner-info', 't09999')
    await bad(/^ERROR: sector 7 for miner t01000 not found\n$/, 'sector', M, '7')
    await bad(/^ERROR: sector number: "x" is not a non-negative integer/, 'sector', M, 'x')
    await bad(/^ERROR: incorrect number of arguments, got 0/, 'sectors')
    await bad(/^ERROR: .*actor not found/, 'read-state', 't09999')
    await bad(/^ERROR: .*999/, 'power', '--tipset', '@999', M)
    await bad(/^ERROR: tipset block cid: /, 'power', '--tipset', 'bafynotacid', M)
    await bad(/^ERROR: parsing height tipset ref: "@x"/, 'power', '--tipset', '@x', M)
    await bad(/^ERROR: must specify at least actor and method to invoke/, 'call', 't04')
    // CreateMiner without its parameters: USR_SERIALIZATION
    await bad(/^ERROR: invocation failed \(exit: 21, gasUsed: \d+\): /, 'call', '--from', owner, 't04', '2')
    await bad(/^ERROR: must pass method as a number\n$/, 'call', 't04', 'nine')
  })
})

describe('lotus state formatting', () => {
  it('multiaddr bytes as text', () => {
    assert.equal(multiaddrString(fromHex('047f000001060fa1')), '/ip4/127.0.0.1/tcp/4001')
    assert.equal(multiaddrString(fromHex(`29${'00'.repeat(15)}0191021f90`)), '/ip6/::1/udp/8080')
    assert.equal(multiaddrString(fromHex('36096c6f63616c686f7374')), '/dns4/localhost')
    assert.throws(() => multiaddrString(fromHex('ff01')), /unknown multiaddr protocol code 255/)
    assert.throws(() => multiaddrString(fromHex('047f00')), /ip4 value is cut short/)
  })

  it('percentages as %0.4f of a bigint ratio', () => {
    assert.equal(percent(1n, 3n), '33.3333')
    assert.equal(percent(2048n, 2048n), '100.0000')
    assert.equal(percent(0n, 0n), 'NaN')
  })
})
