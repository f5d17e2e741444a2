/**
 * Miner backups without processes: a repo with a live SQL store (written to while the backup is taken),
 * keystore, actor, config and storage.json round-trips through createBackupFile and restoreBackup; every
 * damaged, truncated or foreign file, a bad entry name and a non-empty target are refused with nothing
 * written; LOTUS_BACKUP_BASE_PATH is enforced.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { LockedRepo } from '../../../src/api/repo/fs-repo.ts'
import { Address } from '../../../src/core/address.ts'
import { encodeCbor } from '../../../src/core/cbor/index.ts'
import { openSqlite, type SqlStore } from '../../../src/db/sql-store.ts'
import { createBackupFile } from '../../../src/miner/backup/create.ts'
import { BACKUP_FORMAT, decodeBackup, encodeBackup } from '../../../src/miner/backup/format.ts'
import { backupPathInBase } from '../../../src/miner/backup/handlers.ts'
import { restoreBackup } from '../../../src/miner/backup/restore.ts'
import { readActor, writeActor } from '../../../src/miner/repo/actor.ts'
import { MINER_REPO } from '../../../src/miner/repo/config.ts'
import { FsKeyStore } from '../../../src/wallet/keystore.ts'
import { StorageConfigFile } from '../../../src/worker/paths/storage-config.ts'

let dir: string
let repo: string
let db: SqlStore
let file: string

const rows = (d: SqlStore) => d.all<{ n: bigint; v: string }>('SELECT n, v FROM t ORDER BY n')

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lotus-ts-backup-unit-'))
  repo = join(dir, 'repo')
  LockedRepo.open(repo, MINER_REPO, {}).close()
  new FsKeyStore(join(repo, 'keystore')).put('libp2p-host', { type: 'libp2p-host', privateKey: new Uint8Array(68) })
  writeActor(repo, Address.parse('t01234'))
  new StorageConfigFile(repo).write({ StoragePaths: [{ Path: '/mnt/store' }] })
  db = openSqlite(join(repo, 'metadata.sqlite'))
  db.run('CREATE TABLE t (n INTEGER PRIMARY KEY, v TEXT NOT NULL)')
  for (let i = 0; i < 200; i++) db.run('INSERT INTO t (n, v) VALUES (?, ?)', [i, `row ${i}`])
  file = join(dir, 'b.bak')
})
after(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('miner backup', () => {
  it('writes one file and refuses to overwrite it', () => {
    const size = createBackupFile(repo, file)
    assert.equal(statSync(file).size, size)
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.throws(() => createBackupFile(repo, file), /already exists: refusing to overwrite/)
    assert.equal(statSync(file).size, size)
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.tmp-')),
      [],
    )
  })

  it('restores the same rows, actor, keys and config into a new repo', () => {
    db.run('INSERT INTO t (n, v) VALUES (?, ?)', [1000, 'after the backup'])
    const target = join(dir, 'restored')
    const r = restoreBackup(file, target, { env: {} })
    assert.equal(r.actor?.toString(), 't01234')
    const back = openSqlite(join(target, 'metadata.sqlite'))
    try {
      assert.deepEqual(
        rows(back),
        rows(db).filter((x) => x.n !== 1000n),
      )
    } finally {
      back.close()
    }
    assert.equal(readActor(target).toString(), 't01234')
    assert.equal(readFileSync(join(target, 'config.toml'), 'utf8'), readFileSync(join(repo, 'config.toml'), 'utf8'))
    assert.deepEqual(new StorageConfigFile(target).read(), { StoragePaths: [{ Path: '/mnt/store' }] })
    const ks = new FsKeyStore(join(target, 'keystore'))
    assert.deepEqual(ks.list(), ['libp2p-host'])
    for (const f of readdirSync(join(target, 'keystore')))
      assert.equal(statSync(join(target, 'keystore', f)).mode & 0o777, 0o600)
    LockedRepo.open(target, MINER_REPO, {}).close()
  })

  it('takes --config and --storage-config in place of the backed-up ones', () => {
    const cfg = join(dir, 'other.toml')
    writeFileSync(cfg, '[API]\nListenAddress = "/ip4/127.0.0.1/tcp/0/http"\n')
    const sc = join(dir, 'other-storage.json')
    writeFileSync(sc, JSON.stringify({ StoragePaths: [{ Path: '/elsewhere' }] }))
    const target = join(dir, 'restored-cfg')
    restoreBackup(file, target, { config: cfg, storageConfig: sc, env: {} })
    assert.equal(readFileSync(join(target, 'config.toml'), 'utf8'), readFileSync(cfg, 'utf8'))
    assert.deepEqual(new StorageConfigFile(target).read(), { StoragePaths: [{ Path: '/elsewhere' }] })
  })

  it('refuses a corrupted, truncated or foreign backup and writes nothing', () => {
    const good = readFileSync(file)
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'flip',
        Uint8Array.from(good, (b, i) => (i === Math.floor(good.length / 2) ? b ^ 0x01 : b)),
        /checksum mismatch/,
      ],
      ['cut', good.subarray(0, good.length - 100), /damaged or truncated/],
      ['empty', new Uint8Array(0), /damaged or truncated/],
      ['foreign', encodeCbor(['hello', new Uint8Array(3), new Uint8Array(32)]), /header is not a map/],
      ['last byte', Uint8Array.from(good, (b, i) => (i === good.length - 1 ? b ^ 0x80 : b)), /checksum mismatch/],
    ]
    for (const [name, bytes, re] of cases) {
      const f = join(dir, `${name}.bak`)
      writeFileSync(f, bytes)
      const target = join(dir, `t-${name}`)
      assert.throws(() => restoreBackup(f, target, { env: {} }), re, name)
      assert.equal(existsSync(target), false, name)
    }
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.restore-')),
      [],
    )
  })

  it('refuses entries outside the repo layout and other format versions', () => {
    const evil = join(dir, 'evil.bak')
    writeFileSync(evil, encodeBackup([{ name: '../escape', data: new Uint8Array(1) }]))
    assert.throws(() => restoreBackup(evil, join(dir, 't-evil'), { env: {} }), /unexpected entry "..\/escape"/)
    assert.equal(existsSync(join(dir, 'escape')), false)
    const noCfg = join(dir, 'nocfg.bak')
    writeFileSync(noCfg, encodeBackup([{ name: 'storage.json', data: new Uint8Array(2) }]))
    assert.throws(() => restoreBackup(noCfg, join(dir, 't-nocfg'), { env: {} }), /no config entry/)
    const header = { Format: BACKUP_FORMAT, Version: 2 }
    const content = encodeCbor([['config.toml', new Uint8Array(0)]])
    const sum = createHash('sha256').update(encodeCbor(header)).update(content).digest()
    const v2 = join(dir, 'v2.bak')
    writeFileSync(v2, encodeCbor([header, content, new Uint8Array(sum)]))
    assert.throws(() => restoreBackup(v2, join(dir, 't-v2'), { env: {} }), /format version 2 is not supported/)
    assert.equal(existsSync(join(dir, 't-v2')), false)
    assert.ok(decodeBackup(readFileSync(file), 'f').some((e) => e.name === 'metadata.sqlite'))
  })

  it('refuses a non-empty target repo, and accepts an empty folder', () => {
    assert.throws(() => restoreBackup(file, repo, { env: {} }), /is not empty/)
    const empty = join(dir, 'empty')
    mkdirSync(empty)
    restoreBackup(file, empty, { env: {} })
    assert.equal(readActor(empty).toString(), 't01234')
  })

  it('keeps online backups inside LOTUS_BACKUP_BASE_PATH', () => {
    assert.throws(() => backupPathInBase('/tmp/x', {}), /LOTUS_BACKUP_BASE_PATH env var not set/)
    const env = { LOTUS_BACKUP_BASE_PATH: '/srv/backups' }
    assert.equal(backupPathInBase('/srv/backups/a/b.bak', env), '/srv/backups/a/b.bak')
    for (const bad of ['/srv/backups', '/srv/backups2/x', '/srv/backups/../etc/x', '/etc/passwd'])
      assert.throws(() => backupPathInBase(bad, env), /must be inside base path/, bad)
  })
})
