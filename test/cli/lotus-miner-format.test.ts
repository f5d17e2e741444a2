import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ramInBytes } from '../../src/cli/lotus-miner/size.ts'
import { formatPath, usageBar } from '../../src/cli/lotus-miner/storage-list.ts'

const GiB = 1 << 30

test('usage bar: 50 columns, # used, * reserved, SizeStr and percent', () => {
  assert.equal(usageBar(25 * GiB, 0, 100 * GiB), `[${'#'.repeat(12)}${' '.repeat(38)}] 25 GiB/100 GiB 25%`)
  assert.equal(
    usageBar(20 * GiB, 10 * GiB, 100 * GiB, ' (filesystem)'),
    `[${'#'.repeat(10)}${'*'.repeat(5)}${' '.repeat(35)}] 30 GiB/100 GiB 30% (filesystem)`,
  )
  assert.equal(usageBar(100 * GiB, 0, 100 * GiB), `[${'#'.repeat(50)}] 100 GiB/100 GiB 100%`)
  assert.equal(usageBar(0, 0, 0), `[${' '.repeat(50)}] 0 B/0 B 0%`)
})

test('a path block as lotus-miner storage list prints it', () => {
  const block = formatPath({
    id: 'abc',
    decls: [
      { Miner: 1000, Number: 1, SectorFileType: 2 | 4 },
      { Miner: 1000, Number: 2, SectorFileType: 1 | 2 | 4 },
    ],
    stat: {
      Capacity: 100 * GiB,
      Available: 40 * GiB,
      FSAvailable: 50 * GiB,
      Reserved: 10 * GiB,
      Max: 10 * GiB,
      Used: 5 * GiB,
    },
    info: {
      ID: 'abc',
      URLs: ['http://127.0.0.1:2345/remote'],
      Weight: 10,
      MaxStorage: 10 * GiB,
      CanSeal: true,
      CanStore: true,
      Groups: ['a', 'b'],
      AllowTo: [],
      AllowTypes: [],
      DenyTypes: [],
      AllowMiners: [],
      DenyMiners: [],
    },
    local: '/mnt/p',
  })
  assert.equal(
    block,
    [
      'abc:',
      `\t[${'#'.repeat(20)}${'*'.repeat(5)}${' '.repeat(25)}] 50 GiB/100 GiB 50% (filesystem)`,
      `\t[${'#'.repeat(25)}${' '.repeat(25)}] 5 GiB/10 GiB 50% (limit)`,
      '\tUnsealed: 1; Sealed: 2; Caches: 2; Updated: 0; Update-caches: 0; Reserved: 10 GiB',
      '\tWeight: 10; Use: Seal Store',
      '\tGroups: a, b',
      '\tLocal: /mnt/p',
      '\tURL: http://127.0.0.1:2345/remote',
      '',
    ].join('\n'),
  )
  assert.equal(formatPath({ id: 'x', decls: [], statError: 'gone' }), 'x:\n\tError: gone\n')
  const ro = formatPath({
    id: 'r',
    decls: [],
    stat: { Capacity: 1, Available: 1, FSAvailable: 1, Reserved: 0, Max: 0, Used: 0 },
    info: {
      ID: 'r',
      URLs: [],
      Weight: 0,
      MaxStorage: 0,
      CanSeal: false,
      CanStore: false,
      Groups: [],
      AllowTo: ['z'],
      AllowTypes: [],
      DenyTypes: [],
      AllowMiners: [],
      DenyMiners: [],
    },
  })
  assert.match(ro, /\n\tUse: ReadOnly\n\tAllowTo: z\n$/)
})

test('--max-storage sizes as go-units RAMInBytes', () => {
  assert.equal(ramInBytes('1024', 'm'), 1024)
  assert.equal(ramInBytes('2GiB', 'm'), 2 * GiB)
  assert.equal(ramInBytes('1.5k', 'm'), 1536)
  assert.equal(ramInBytes('10 TB', 'm'), 10 * 1024 ** 4)
  for (const bad of ['', 'GiB', '-1G', '1X', '1..2G'])
    assert.throws(() => ramInBytes(bad, 'max-storage'), /invalid size/, bad)
})
