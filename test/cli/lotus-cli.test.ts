/** The real `lotus` CLI against a real daemon: wallet and auth commands, API discovery, help, errors. */
import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeKeyName } from '../../src/wallet/keystore.ts'
import {
  type DaemonHandle,
  killAll,
  lotusEnv,
  rpc,
  runLotus,
  startDaemon,
  stopDaemon,
  tempDir,
} from '../helpers/lotus-process.ts'

let d: DaemonHandle
let secp: string
let bls: string
const lotus = (...args: string[]) => runLotus(args, d.env)

before(async () => {
  d = await startDaemon(tempDir())
  const a = await lotus('wallet', 'new') // first: it becomes the default
  const b = await lotus('wallet', 'new', 'bls')
  assert.equal(a.code, 0, a.stderr)
  assert.equal(b.code, 0, b.stderr)
  secp = a.stdout.trim()
  bls = b.stdout.trim()
})
after(killAll)

describe('lotus wallet', () => {
  it('creates secp256k1 by default and bls on request; the first key is the default', async () => {
    assert.match(secp, /^t1[a-z2-7]{39}$/)
    assert.match(bls, /^t3[a-z2-7]{84}$/)
    const def = await lotus('wallet', 'default')
    assert.equal(def.stdout, `${secp}\n`)
  })

  it("lists in Lotus's table layout (empty columns dropped) and with --addr-only", async () => {
    const [list, only, ids] = await Promise.all([
      lotus('wallet', 'list'),
      lotus('wallet', 'list', '-a'),
      lotus('wallet', 'list', '--id'),
    ])
    // No chain state yet: no actor has an ID, shown as n/a in the ID column.
    assert.match(ids.stdout, new RegExp(`^Address +ID +Balance +Nonce +Default +\n${secp} +n/a +0 FIL +0 +X +\n`))
    const w = bls.length + 2
    const expected = [
      `${'Address'.padEnd(w)}Balance  Nonce  Default  `,
      `${secp.padEnd(w)}0 FIL    0      X        `,
      `${bls.padEnd(w)}0 FIL    0               `,
      '',
    ].join('\n')
    assert.equal(list.stdout, expected)
    assert.equal(only.stdout, `${secp}\n${bls}\n`)
  })

  it('signs with the FRC-0102 envelope (or --raw) and verifies', async () => {
    const [sig, raw] = await Promise.all([
      lotus('wallet', 'sign', secp, 'deadbeef'),
      lotus('wallet', 'sign', '--raw', secp, 'deadbeef'),
    ])
    assert.match(sig.stdout, /^01[0-9a-f]{130}\n$/)
    assert.notEqual(sig.stdout, raw.stdout)
    const [ok, rawOk, bad] = await Promise.all([
      lotus('wallet', 'verify', secp, 'deadbeef', sig.stdout.trim()),
      lotus('wallet', 'verify', '--raw', secp, 'deadbeef', raw.stdout.trim()),
      lotus('wallet', 'verify', secp, 'deadbeee', sig.stdout.trim()),
    ])
    assert.equal(ok.stdout, 'valid\n')
    assert.equal(rawOk.stdout, 'valid\n')
    assert.equal(bad.stdout, 'invalid\n')
    assert.equal(bad.code, 1)
    assert.equal(bad.stderr, 'ERROR: CLI Verify called with invalid signature\n')
    const blsSig = await lotus('wallet', 'sign', bls, '00')
    assert.match(blsSig.stdout, /^02[0-9a-f]{192}\n$/)
  })

  it('exports hex of the KeyInfo JSON, and json-lotus', async () => {
    const [hex, json] = await Promise.all([
      lotus('wallet', 'export', secp),
      lotus('wallet', 'export', '--format', 'json-lotus', secp),
    ])
    const ki = JSON.parse(Buffer.from(hex.stdout.trim(), 'hex').toString())
    assert.equal(ki.Type, 'secp256k1')
    assert.equal(Buffer.from(ki.PrivateKey, 'base64').length, 32)
    assert.equal(json.stdout, `${JSON.stringify(ki)}\n`)
  })

  it('sets the default, prints the balance, and soft-deletes to trash-<address>', async () => {
    const set = await lotus('wallet', 'set-default', bls)
    assert.equal(set.stdout, `Default address set to: ${bls}\n`)
    assert.equal((await lotus('wallet', 'default')).stdout, `${bls}\n`)
    assert.equal((await lotus('wallet', 'balance')).stdout, '0 FIL\n')
    const del = await lotus('wallet', 'delete', secp)
    assert.equal(
      del.stdout,
      `Soft deleting address: ${secp}\nHard deletion of the address in \`~/.lotus/keystore\` is needed for permanent removal\n`,
    )
    assert.equal((await lotus('wallet', 'list', '-a')).stdout, `${bls}\n`)
    const files = readdirSync(join(d.repo, 'keystore'))
    assert.ok(files.includes(encodeKeyName(`trash-${secp}`)))
    assert.ok(!files.includes(encodeKeyName(`wallet-${secp}`)))
  })

  it('reports usage errors on stderr with exit code 1 and no stack trace', async () => {
    const [args, hex, addr] = await Promise.all([
      lotus('wallet', 'sign', bls),
      lotus('wallet', 'sign', bls, 'zz'),
      lotus('wallet', 'export', 'x1bogus'),
    ])
    assert.equal(args.code, 1)
    assert.match(args.stderr, /^ERROR: incorrect number of arguments, got 1\n/)
    assert.equal(hex.stderr, 'ERROR: hexMessage: invalid hex\n')
    assert.equal(addr.code, 1)
    assert.match(addr.stderr, /^ERROR: .*address/)
    assert.doesNotMatch(addr.stderr, /\n\s+at /)
  })
})

describe('lotus auth', () => {
  it('creates tokens with the permissions up to --perm', async () => {
    const t = await lotus('auth', 'create-token', '--perm', 'sign')
    const perms = await rpc(d.base, 'Filecoin.AuthVerify', [t.stdout.trim()])
    assert.deepEqual((perms.body as { result: string[] }).result, ['read', 'write', 'sign'])
    const [none, bogus] = await Promise.all([
      lotus('auth', 'create-token'),
      lotus('auth', 'create-token', '--perm=bogus'),
    ])
    assert.equal(none.stderr, 'ERROR: --perm flag not set\n')
    assert.equal(bogus.stderr, 'ERROR: --perm flag has to be one of: [read write sign admin]\n')
  })

  it('prints FULLNODE_API_INFO, which clients then use before the repo', async () => {
    const info = await lotus('auth', 'api-info', '--perm', 'read')
    const m = /^FULLNODE_API_INFO=(ey[\w.-]+):(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/http)\n$/.exec(info.stdout)
    assert.ok(m, info.stdout)
    assert.equal(m[2], d.apiAddr)
    const elsewhere = lotusEnv(tempDir(), { FULLNODE_API_INFO: `${m[1]}:${m[2]}` })
    const [v, w] = await Promise.all([runLotus(['version'], elsewhere), runLotus(['wallet', 'list'], elsewhere)])
    assert.match(v.stdout, /^Daemon: {2}.*\+api2\.3\.0\nLocal: lotus version /)
    assert.equal(w.code, 1)
    assert.equal(w.stderr, "ERROR: missing permission to invoke 'WalletList' (need 'write')\n")
  })

  it('takes --api-url and --token over everything else, and says when no daemon is found', async () => {
    const empty = lotusEnv(tempDir())
    const [flagged, missing] = await Promise.all([
      runLotus(['--api-url', d.apiAddr, '--token', d.token, 'wallet', 'default'], empty),
      runLotus(['wallet', 'list'], empty),
    ])
    assert.equal(flagged.stdout, `${bls}\n`)
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /^ERROR: could not get API info for FullNode: API not running/)
  })
})

describe('lotus help', () => {
  it('prints the command tree with --help, help <cmd> and <cmd> --help', async () => {
    const [top, help, wallet, badFlag] = await Promise.all([
      lotus('--help'),
      lotus('help', 'wallet'),
      lotus('wallet', 'new', '--help'),
      lotus('wallet', 'list', '--nope'),
    ])
    assert.match(top.stdout, /^NAME:\n {3}lotus - Filecoin decentralized storage network client\n/)
    assert.match(top.stdout, /COMMANDS:\n(.*\n)* {3}wallet +Manage wallet\n/)
    assert.match(help.stdout, /^NAME:\n {3}lotus wallet - Manage wallet\n/)
    assert.match(help.stdout, / {3}set-default +Set default wallet address\n/)
    assert.match(
      wallet.stdout,
      /USAGE:\n {3}lotus wallet new \[command options\] \[bls\|secp256k1\|delegated \(default secp256k1\)\]/,
    )
    assert.equal(badFlag.code, 1)
    assert.match(badFlag.stderr, /^ERROR: flag provided but not defined: -nope\n/)
  })
})

describe('lotus daemon', () => {
  it('stops cleanly on SIGINT: exit 0, api file removed, lock released', async () => {
    assert.equal(await stopDaemon(d, 'SIGINT'), 0)
    assert.equal(existsSync(join(d.repo, 'api')), false)
    assert.equal(existsSync(join(d.repo, 'repo.lock')), false)
  })
})
