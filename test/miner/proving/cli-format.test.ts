/**
 * The text of `lotus-miner proving info | deadlines | deadline | faults | check`, `actor control list`,
 * `info`, and the `stop` safety verdict, from fixed chain values, in Lotus's formats (lotus.md §2).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Address } from '../../../src/core/address.ts'
import { BitField } from '../../../src/crypto/bitfield.ts'
import { controlUses, formatControlList } from '../../../src/cli/lotus-miner/actor.ts'
import { formatInfo } from '../../../src/cli/lotus-miner/info.ts'
import {
  epochTime,
  formatCheck,
  formatDeadline,
  formatDeadlines,
  formatFaults,
  formatProvingInfo,
  humanDuration,
} from '../../../src/cli/lotus-miner/proving-format.ts'
import { stopVerdict } from '../../../src/cli/lotus-miner/stop-safety.ts'
import { MINER_CONFIG_DEFAULTS } from '../../../src/miner/repo/config.ts'
import { infoAt } from './fixture.ts'

const part = (all: number[], faulty: number[] = [], recovering: number[] = []) => ({
  all: BitField.fromSet(all),
  live: BitField.fromSet(all),
  active: BitField.fromSet(all.filter((n) => !faulty.includes(n))),
  faulty: BitField.fromSet(faulty),
  recovering: BitField.fromSet(recovering),
})

describe('proving CLI text', () => {
  it('durations and epochs as Lotus prints them', () => {
    assert.equal(humanDuration(0), '0 seconds')
    assert.equal(humanDuration(61), '1 minute 1 second')
    assert.equal(humanDuration(3600 * 26 + 5), '1 day 2 hours')
    assert.equal(epochTime(100, 100, 4), '100 (now)')
    assert.equal(epochTime(100, 130, 4), '130 (in 2 minutes)')
    assert.equal(epochTime(100, 85, 4), '85 (1 minute ago)')
  })

  it('proving info', () => {
    const text = formatProvingInfo({
      miner: 't01000',
      di: infoAt(55),
      blockDelaySecs: 4,
      faults: 1,
      recovering: 0,
      liveSectors: 4,
      deadlineSectors: 3,
    })
    assert.equal(
      text,
      [
        'Miner: t01000',
        'Current Epoch:           55',
        'Proving Period Boundary: 3',
        'Proving Period Start:    3 (3 minutes 28 seconds ago)',
        'Next Period Start:       483 (in 28 minutes 32 seconds)',
        '',
        'Faults:      1 (25.00%)',
        'Recovering:  0',
        '',
        'Deadline Index:       5',
        'Deadline Sectors:     3',
        'Deadline Open:        53 (8 seconds ago)',
        'Deadline Close:       63 (in 32 seconds)',
        'Deadline Challenge:   51 (16 seconds ago)',
        'Deadline FaultCutoff: 50 (20 seconds ago)',
        '',
      ].join('\n'),
    )
  })

  it('proving deadlines, deadline, faults, check', () => {
    const rows = Array.from({ length: 48 }, () => ({
      partitions: [] as ReturnType<typeof part>[],
      provenPartitions: 0,
    }))
    rows[5] = { partitions: [part([0, 1], [1]), part([2])], provenPartitions: 2 }
    const text = formatDeadlines('t01000', infoAt(55), rows, (i) => `00:00:${String(i).padStart(2, '0')}`)
    const lines = text.split('\n')
    assert.equal(lines[0], 'Miner: t01000')
    assert.equal(lines[1], 'deadline  open      partitions  sectors (faults)  proven partitions')
    assert.equal(lines[2], '0         00:00:00  0           0 (0)             0')
    assert.equal(lines[7], '5         00:00:05  2           3 (1)             2                  (current)')
    assert.equal(lines.length, 2 + 48 + 1)

    const one = formatDeadline(5, infoAt(55), 4, rows[5]!, { sectorNums: true }).split('\n')
    assert.deepEqual(one.slice(0, 5), [
      'Deadline Index:           5',
      'Deadline Open:            53 (8 seconds ago)',
      'Partitions:               2',
      'Proven Partitions:        2',
      'Current:                  true',
    ])
    assert.ok(one.includes('Faulty Sectors:            1'))
    assert.ok(one.includes('Faulty Sector Numbers:     [1]'))

    assert.equal(
      formatFaults('t01000', [{ deadline: 5, partition: 0, sector: 1 }]),
      'Miner: t01000\ndeadline  partition  sectors\n5         0          1\n',
    )
    const check = [
      { deadline: 5, partition: 0, sector: 0 },
      { deadline: 5, partition: 0, sector: 1, bad: 'sealed file not found in any storage path' },
    ]
    assert.equal(
      formatCheck(check, false),
      'deadline  partition  sector  status\n5         0          0       good\n5         0          1       bad (sealed file not found in any storage path)\n',
    )
    assert.equal(formatCheck(check, true).split('\n').length, 3)
  })

  it('actor control list: uses and balances', () => {
    const mi = {
      owner: Address.fromId(100),
      worker: Address.fromId(101),
      controlAddresses: [Address.fromId(102), Address.fromId(103)],
      windowPoStProofType: 10,
      sectorSize: 2048,
      partitionSectors: 2,
    }
    const cfg = { ...MINER_CONFIG_DEFAULTS.Addresses, PreCommitControl: ['t0103'] }
    const uses = controlUses(mi, cfg, (a) => a)
    assert.deepEqual(uses.get('t0102'), ['post'])
    assert.deepEqual(uses.get('t0103'), ['precommit'])
    assert.deepEqual(uses.get('t0101'), ['other'])
    const none = controlUses({ ...mi, controlAddresses: [] }, MINER_CONFIG_DEFAULTS.Addresses, (a) => a)
    assert.deepEqual(none.get('t0101'), ['other', 'post'])
    const text = formatControlList([
      { name: 'owner', id: 't0100', key: 't3aaa', use: [], balance: 10n ** 18n },
      { name: 'control-0', id: 't0102', key: 't3bbb', use: ['post'], balance: 5n * 10n ** 17n },
    ])
    assert.equal(
      text,
      'name       ID     key    use   balance\nowner      t0100  t3aaa        1 FIL\ncontrol-0  t0102  t3bbb  post  0.5 FIL\n',
    )
  })

  it('lotus-miner info', () => {
    const text = formatInfo({
      miner: 't01000',
      sectorSize: 2048,
      qaPower: 6144n,
      totalQa: 12288n,
      rawPower: 6144n,
      totalRaw: 12288n,
      hasMinPower: true,
      live: 3,
      active: 2,
      faulty: 1,
      blockDelaySecs: 4,
      expectedLeaders: 5,
      minerBalance: 10n * 10n ** 18n,
      available: 4n * 10n ** 18n,
      workerBalance: 10n ** 18n,
      controlBalances: [],
      workers: { seal: 1, wdpost: 1, winpost: 0 },
    })
    const lines = text.split('\n')
    assert.equal(lines[0], 'Miner: t01000 (2 KiB sectors)')
    assert.equal(lines[1], 'Power: 6 Ki / 12 Ki (50.0000%)')
    assert.equal(lines[2], '\tRaw: 6 KiB / 12 KiB (50.0000%)')
    assert.equal(lines[3], '\tCommitted: 6 KiB')
    assert.equal(lines[4], '\tProving: 6 KiB (2 KiB Faulty, 33.33%)')
    assert.equal(lines[5], 'Expected block win rate: 54000.0000/day (every 1s)')
    assert.ok(lines.includes('      Available:  4 FIL'))
    assert.ok(lines.includes('Total Spendable:  5 FIL'))
    assert.ok(lines.includes('Workers: Seal(1) WdPoSt(1) WinPoSt(0)'))
  })

  it('stop refuses while a deadline with sectors is open or about to open, and says when it is safe', () => {
    const sectors = (i: number) => (i === 5 ? 3 : 0)
    assert.equal(stopVerdict(infoAt(40), sectors, 5, 4).safe, true)
    const opening = stopVerdict(infoAt(50), sectors, 5, 4)
    assert.equal(opening.safe, false)
    assert.match(opening.message, /deadline 5 \(3 sectors\) opens at epoch 53 \(in 12 seconds\)/)
    assert.match(opening.message, /next safe window starts at epoch 63 \(in 52 seconds\)/)
    const open = stopVerdict(infoAt(58), sectors, 5, 4)
    assert.match(open.message, /deadline 5 \(3 sectors\) is open until epoch 63/)
    assert.equal(stopVerdict(infoAt(63), sectors, 5, 4).safe, true)
  })
})
