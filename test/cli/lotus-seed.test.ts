import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { templateFromJson } from '../../src/chain/genesis/template.ts'

const SEED_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'lotus-seed')
const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-seed-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const seed = (...args: string[]) => spawnSync(process.execPath, [SEED_BIN, ...args], { encoding: 'utf8' })

describe('lotus-seed genesis', () => {
  it('new writes a template with a generated network name, or the given one and timestamp', () => {
    const a = join(dir, 'a.json')
    assert.equal(seed('genesis', 'new', a).status, 0)
    const t = templateFromJson(readFileSync(a, 'utf8'))
    assert.match(t.networkName, /^localnet-[0-9a-f-]{36}$/)
    assert.equal(t.timestamp, 0)
    assert.equal(t.networkVersion, 28)
    const b = join(dir, 'b.json')
    const r = seed('genesis', 'new', b, '--network-name=devnet-x', '--timestamp=2025-02-27T15:04:05Z')
    assert.equal(r.status, 0, r.stderr)
    const tb = JSON.parse(readFileSync(b, 'utf8'))
    assert.equal(tb.NetworkName, 'devnet-x')
    assert.equal(tb.Timestamp, 1740668645)
  })

  it('add-account appends funded accounts; bad input fails with a reason', () => {
    const f = join(dir, 'c.json')
    seed('genesis', 'new', f, '--network-name=n')
    const addr = 't1ceb34gnsc6qk5dt6n7xg6ycwzasjhbxm3iylkiy'
    assert.equal(seed('genesis', 'add-account', f, addr, '12.5').status, 0)
    const t = templateFromJson(readFileSync(f, 'utf8'))
    assert.deepEqual(
      t.accounts.map((a) => [a.meta.Owner, a.balance]),
      [[addr, 12_500_000_000_000_000_000n]],
    )
    const bad = [
      [['genesis', 'new'], /seed genesis new \[genesis.json\]/],
      [['genesis', 'new', join(dir, 'd.json'), '--timestamp=yesterday'], /RFC3339/],
      [['genesis', 'add-account', f, 'nope', '1'], /address/i],
      [['genesis', 'add-account', f, addr, 'lots'], /FIL amount/],
      [['genesis', 'add-account', join(dir, 'missing.json'), addr, '1'], /ENOENT|no such file/],
    ] as const
    for (const [args, re] of bad) {
      const r = seed(...args)
      assert.notEqual(r.status, 0, args.join(' '))
      assert.match(r.stderr, re, args.join(' '))
    }
  })
})
