import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { listenMultiaddr, parseApiInfo, rpcUrl } from '../../src/api/client/endpoint.ts'
import { loadConfig } from '../../src/api/repo/config.ts'
import { LockedRepo, readApiFiles, repoPath } from '../../src/api/repo/fs-repo.ts'
import { lockRepo, RepoLockedError } from '../../src/api/repo/lock.ts'
import { FULLNODE_REPO } from '../../src/daemon/config.ts'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'lotus-ts-repo-'))
  dirs.push(d)
  return d
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('repo lock', () => {
  it('refuses a second lock while held and allows it after release', () => {
    const d = tmp()
    const release = lockRepo(d)
    assert.throws(() => lockRepo(d), RepoLockedError)
    assert.throws(() => lockRepo(d), /repo is already locked \(process is already running\)/)
    release()
    lockRepo(d)()
  })

  it('takes over the lock of a dead process', () => {
    const d = tmp()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    writeFileSync(join(d, 'repo.lock'), JSON.stringify({ pid: dead, host: os.hostname() }))
    const release = lockRepo(d)
    assert.equal(JSON.parse(readFileSync(join(d, 'repo.lock'), 'utf8')).pid, process.pid)
    release()
  })

  it('treats an empty (torn) lock file as stale', () => {
    const d = tmp()
    writeFileSync(join(d, 'repo.lock'), '')
    lockRepo(d)()
  })
})

describe('config.toml', () => {
  it('fills defaults, reads the file, and applies LOTUS_<SECTION>_<KEY> env overrides with types', () => {
    const d = tmp()
    const p = join(d, 'config.toml')
    writeFileSync(p, '[API]\n  Timeout = "10s"\n[Wallet]\n  EnableLedger = true\n')
    const cfg = loadConfig(p, FULLNODE_REPO.configDefaults, {
      LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http',
      LOTUS_WALLET_DISABLELOCAL: 'true',
    })
    assert.equal(cfg.API.ListenAddress, '/ip4/127.0.0.1/tcp/0/http')
    assert.equal(cfg.API.Timeout, '10s')
    assert.equal(cfg.Wallet.EnableLedger, true)
    assert.equal(cfg.Wallet.DisableLocal, true)
    assert.equal(cfg.API.RemoteListenAddress, '')
  })

  it('names a wrongly typed key or a bad env value', () => {
    const d = tmp()
    const p = join(d, 'config.toml')
    writeFileSync(p, '[API]\n  ListenAddress = 5\n')
    assert.throws(() => loadConfig(p, FULLNODE_REPO.configDefaults, {}), /API\.ListenAddress must be a string/)
    writeFileSync(p, '[API\n')
    assert.throws(() => loadConfig(p, FULLNODE_REPO.configDefaults, {}), /config .*config\.toml/)
    assert.throws(
      () => loadConfig(join(d, 'none.toml'), FULLNODE_REPO.configDefaults, { LOTUS_WALLET_ENABLELEDGER: 'maybe' }),
      /env LOTUS_WALLET_ENABLELEDGER: expected true or false/,
    )
  })
})

describe('fs repo', () => {
  it('creates the layout, writes api and token with mode 0600, removes api on close', () => {
    const d = join(tmp(), 'repo')
    const repo = LockedRepo.open(d, FULLNODE_REPO, {})
    assert.match(
      readFileSync(join(d, 'config.toml'), 'utf8'),
      /\[API\]\n\s+#ListenAddress = "\/ip4\/127\.0\.0\.1\/tcp\/1234\/http"/,
    )
    repo.setApiEndpoint('/ip4/127.0.0.1/tcp/5/http')
    repo.setApiToken('tok')
    assert.equal(statSync(join(d, 'api')).mode & 0o777, 0o600)
    assert.equal(statSync(join(d, 'token')).mode & 0o777, 0o600)
    assert.equal(statSync(join(d, 'keystore')).mode & 0o777, 0o700)
    assert.deepEqual(readApiFiles(d), { addr: '/ip4/127.0.0.1/tcp/5/http', token: 'tok' })
    repo.close()
    assert.throws(() => readApiFiles(d), /API not running/)
  })

  it('resolves the repo path from the flag, then LOTUS_PATH, then ~/.lotus', () => {
    assert.equal(repoPath(FULLNODE_REPO, '/a', { LOTUS_PATH: '/b' }), '/a')
    assert.equal(repoPath(FULLNODE_REPO, undefined, { LOTUS_PATH: '/b' }), '/b')
    assert.equal(repoPath(FULLNODE_REPO, undefined, {}), join(os.homedir(), '.lotus'))
  })
})

describe('endpoints', () => {
  it('parses API info and turns multiaddrs into RPC URLs', () => {
    assert.deepEqual(parseApiInfo('eyJ.a.b:/ip4/10.0.0.1/tcp/1234/http'), {
      token: 'eyJ.a.b',
      addr: '/ip4/10.0.0.1/tcp/1234/http',
    })
    assert.deepEqual(parseApiInfo('/ip4/1.2.3.4/tcp/1/http'), { token: '', addr: '/ip4/1.2.3.4/tcp/1/http' })
    assert.equal(rpcUrl('/ip4/10.0.0.1/tcp/1234/http', 'ws'), 'ws://10.0.0.1:1234/rpc/v1')
    assert.equal(rpcUrl('/ip6/::1/tcp/1234/http', 'http', 'v0'), 'http://[::1]:1234/rpc/v0')
    assert.equal(rpcUrl('/dns/node.example/tcp/443/https', 'ws'), 'wss://node.example:443/rpc/v1')
    assert.equal(rpcUrl('http://127.0.0.1:99', 'http'), 'http://127.0.0.1:99/rpc/v1')
    assert.equal(rpcUrl('ws://127.0.0.1:99/rpc/v0', 'http'), 'http://127.0.0.1:99/rpc/v0')
    assert.equal(listenMultiaddr('127.0.0.1', 5), '/ip4/127.0.0.1/tcp/5/http')
    assert.throws(() => rpcUrl('/ip4/1.2.3.4/udp/5', 'http'), /expected a multiaddr/)
    assert.throws(() => parseApiInfo('garbage'), /expected TOKEN:MULTIADDR/)
  })
})
