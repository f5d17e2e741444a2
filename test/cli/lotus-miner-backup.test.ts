/**
 * `lotus-miner backup` and `lotus-miner init restore` on real processes: an online backup of a running
 * miner (with rows written to its metadata database while it runs), refusals (overwrite, outside
 * LOTUS_BACKUP_BASE_PATH, offline while running), then the repo wiped and restored: the same metadata rows,
 * actor, peer ID, API secret, config, sector rows and their logs, and storage paths (a sector file in an
 * attached path is found again).
 * Corrupted and truncated backups and a non-empty repo are refused with nothing written.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { openSqlite } from '../../src/db/sql-store.ts'
import { SectorStore } from '../../src/miner/pipeline/sector-store.ts'
import { sectorPath } from '../../src/worker/paths/filetypes.ts'
import { killAll, rpc, tempDir } from '../helpers/lotus-process.ts'
import { killAllMiners, type MinerHandle, minerEnv, runMiner, startMiner, stopMiner } from '../helpers/miner-process.ts'

let dir: string
let repo: string
let env: NodeJS.ProcessEnv
let miner: MinerHandle
let backups: string

after(async () => {
  killAllMiners()
  await killAll()
})

const ok = async (args: string[], e = env) => {
  const r = await runMiner(args, e)
  assert.equal(r.code, 0, `lotus-miner ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}
const fails = async (args: string[], re: RegExp, e = env) => {
  const r = await runMiner(args, e)
  assert.notEqual(r.code, 0, `lotus-miner ${args.join(' ')} should fail`)
  assert.match(r.stderr, re)
}
const result = async (m: MinerHandle, method: string, params: unknown[] = []) => {
  const r = await rpc(m.base, `Filecoin.${method}`, params, m.token, '/rpc/v0')
  const body = r.body as { result?: unknown; error?: { message: string } }
  if (body.error) throw new Error(body.error.message)
  return body.result
}

/** The storage IDs and local folders `storage list` prints (usage figures and ports vary). */
const pathsOf = (out: string) => out.match(/^[0-9a-f-]{36}:|^\s+Local: .*$/gm)?.sort() ?? []

/** Every row of every table of a metadata database, as text. */
function dumpDb(file: string): Record<string, string[]> {
  const db = openSqlite(file)
  try {
    const tables = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    const out: Record<string, string[]> = {}
    for (const { name } of tables)
      out[name] = db
        .all<Record<string, unknown>>(`SELECT * FROM "${name}"`)
        .map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
    return out
  } finally {
    db.close()
  }
}

before(async () => {
  dir = tempDir('lotus-ts-miner-backup-')
  repo = join(dir, 'repo')
  backups = join(dir, 'backups')
  mkdirSync(backups)
  env = minerEnv(repo)
  await ok(['init', '--actor', 't01000'])
  miner = await startMiner(repo, { LOTUS_BACKUP_BASE_PATH: backups })
})

test('online backup of a running miner, restored into a wiped repo', async () => {
  const store = join(dir, 'store')
  await ok(['storage', 'attach', '--init', '--store', store])
  const sealed = randomBytes(2048)
  writeFileSync(sectorPath(store, 'sealed', 1000, 3), sealed)
  await ok(['storage', 'redeclare', '--all'])
  assert.match(await ok(['storage', 'find', '3']), /Local \(.*\/store\)/)
  // Rows written by "another subsystem" into the live database, through a connection of its own.
  const live = openSqlite(join(repo, 'metadata.sqlite'))
  live.run('CREATE TABLE backup_probe (n INTEGER PRIMARY KEY, v BYTEA NOT NULL)')
  for (let i = 0; i < 50; i++) live.run('INSERT INTO backup_probe (n, v) VALUES (?, ?)', [i, randomBytes(100)])
  // Sectors in terminal states (nothing for the pipeline to do without a daemon), with their event logs.
  const sectors = new SectorStore(live)
  for (const state of ['Proving', 'Removed', 'Proving'] as const)
    sectors.create(5, state, { kind: 'test', message: `made ${state} by the backup test` })
  const sectorList = sectors.list()
  const sectorLog = sectors.log(1)
  assert.equal(sectorList.length, 3)
  const before = dumpDb(join(repo, 'metadata.sqlite'))
  const peer = await result(miner, 'ID')
  const file = join(backups, 'b1.bak')
  assert.equal(await ok(['backup', file]), 'Success\n')
  assert.ok(existsSync(file))
  // The miner stays up and its database writable: more rows after the backup are not in it.
  live.run('INSERT INTO backup_probe (n, v) VALUES (?, ?)', [999, randomBytes(4)])
  live.close()
  await fails(['backup', file], /already exists: refusing to overwrite/)
  await fails(['backup', join(dir, 'outside.bak')], /must be inside base path/)
  await fails(['backup', '--offline', join(backups, 'off.bak')], /lock|locked|running/i)
  await fails(['backup'], /incorrect number of arguments/)
  assert.equal(existsSync(join(dir, 'outside.bak')), false)
  assert.equal(existsSync(join(backups, 'off.bak')), false)
  const storageList = pathsOf(await ok(['storage', 'list']))
  assert.equal(storageList.length, 4, storageList.join('\n'))
  const config = readFileSync(join(repo, 'config.toml'), 'utf8')
  const oldToken = miner.token
  await stopMiner(miner)

  rmSync(repo, { recursive: true, force: true })
  const r = await runMiner(['init', 'restore', file], env)
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^Miner t01000 restored in /)
  assert.deepEqual(dumpDb(join(repo, 'metadata.sqlite')), before)
  assert.equal(readFileSync(join(repo, 'config.toml'), 'utf8'), config)
  miner = await startMiner(repo, { LOTUS_BACKUP_BASE_PATH: backups })
  assert.equal(await result(miner, 'ActorAddress'), 't01000')
  assert.equal(await result(miner, 'ID'), peer)
  assert.equal(miner.token, oldToken)
  assert.deepEqual(await result(miner, 'AuthVerify', [oldToken]), ['read', 'write', 'sign', 'admin'])
  assert.deepEqual(pathsOf(await ok(['storage', 'list'])), storageList)
  assert.match(await ok(['storage', 'find', '3']), /Local \(.*\/store\)/)
  const restored = openSqlite(join(repo, 'metadata.sqlite'))
  try {
    // What `lotus-miner sectors list` and `sectors status --log` read (they need a daemon to run).
    const store = new SectorStore(restored)
    assert.deepEqual(store.list(), sectorList)
    assert.deepEqual(store.log(1), sectorLog)
  } finally {
    restored.close()
  }
  await fails(['init', 'restore', file], /is not empty: a backup is restored only into a new repo/)
  await stopMiner(miner)
  assert.equal(await ok(['backup', '--offline', join(dir, 'offline.bak')]), 'Success\n')
  await fails(['backup', '--offline', join(dir, 'offline.bak')], /already exists/)
})

test('a corrupted or truncated backup is refused and nothing is written', async () => {
  const file = join(backups, 'b1.bak')
  const good = readFileSync(file)
  const flipped = Buffer.from(good)
  flipped[Math.floor(flipped.length / 3)]! ^= 0x10
  const cases: [string, Uint8Array, RegExp][] = [
    ['flipped.bak', flipped, /checksum mismatch: the backup is corrupted/],
    ['truncated.bak', good.subarray(0, good.length - 1000), /damaged or truncated/],
  ]
  for (const [name, bytes, re] of cases) {
    const bad = join(dir, name)
    writeFileSync(bad, bytes)
    const target = join(dir, `restore-${name}`)
    await fails(['init', 'restore', bad], re, minerEnv(target))
    assert.equal(existsSync(target), false, `${name}: nothing written`)
  }
  await fails(['init', 'restore', join(dir, 'missing.bak')], /does not exist/, minerEnv(join(dir, 'r-missing')))
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.restore-')),
    [],
  )
})
