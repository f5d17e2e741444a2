import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { runApp } from '../../src/cli/framework/run.ts'
import { lotusBenchApp } from '../../src/cli/lotus-bench/app.ts'
import { bps, goDuration, sizeStr } from '../../src/cli/framework/go-format.ts'
import { parseSectorSize } from '../../src/cli/lotus-bench/sealing.ts'
import { payload, seal2KiB } from '../proofs/pc2/seal-fixture.ts'

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => {
    out += d
  })
  stderr.on('data', (d) => {
    err += d
  })
  const code = await runApp(lotusBenchApp, argv, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: process.env,
    signal: new AbortController().signal,
  })
  return { code, out, err }
}

test('Go duration and lotus SizeStr formatting', () => {
  assert.equal(goDuration(0), '0s')
  assert.equal(goDuration(999), '999ns')
  assert.equal(goDuration(1500), '1.5µs')
  assert.equal(goDuration(24_103_970), '24.10397ms')
  assert.equal(goDuration(12_800_000_000), '12.8s')
  assert.equal(goDuration(63_700_000_000), '1m3.7s')
  assert.equal(goDuration(3 * 3.6e12 + 10 * 6e10 + 12e9), '3h10m12s')
  assert.equal(sizeStr(0), '0 B')
  assert.equal(sizeStr(1000), '1000 B')
  assert.equal(sizeStr(698_266), '681.9 KiB')
  assert.equal(sizeStr(2048), '2 KiB')
  assert.equal(bps(2048, 1, 1e9), '2 KiB/s')
  assert.equal(parseSectorSize('2KiB'), 2048)
  assert.equal(parseSectorSize('8MiB'), 8 << 20)
  assert.equal(parseSectorSize('512MiB'), 512 << 20)
  assert.equal(parseSectorSize('2048'), 2048)
  assert.throws(() => parseSectorSize('2 furlongs'), /invalid sector size/)
})

test('lotus-bench sealing --json with fixed inputs reproduces the CommR of the same sealing done directly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lotus-ts-lotus-bench-'))
  const direct = seal2KiB()
  const parentsEnv = process.env.FIL_PROOFS_PARENT_CACHE
  process.env.FIL_PROOFS_PARENT_CACHE = direct.parentsDir // keep the system parents cache untouched
  try {
    const file = join(dir, 'payload')
    writeFileSync(file, payload())
    const hex = (b: number) => b.toString(16).padStart(2, '0').repeat(32)
    const args = ['sealing', '--sector-size', '2KiB', '--storage-dir', dir, '--miner-addr', 't01000']
    const fixed = ['--sector-number', '1', '--ticket', hex(1), '--seed', hex(2), '--payload', file, '--json']
    const r = await run([...args, ...fixed])
    assert.equal(r.code, 0, r.err)
    const bo = JSON.parse(r.out)
    assert.equal(bo.SectorSize, 2048)
    assert.equal(bo.Sectors[0].CommR, direct.sealedCid)
    assert.equal(bo.Sectors[0].CommD, direct.unsealedCid)
    assert.equal(bo.Sectors[0].Verified, true)
    assert.ok(bo.SealingSum.PreCommit2 > 0 && bo.PostWindowProofHot > 0)
    const text = await run([...args, '--skip-commit2', '--skip-unseal'])
    assert.equal(text.code, 0, text.err)
    assert.match(text.out, /results \(v28\) SectorSize:\(2048\), SectorNumber:\(1\)/)
    assert.match(text.out, /seal: preCommit phase 2: [\d.]+(ms|s|µs) \([\d.]+ [KMG]?i?B\/s\)/)
    assert.doesNotMatch(text.out, /window post/)
    const bad = await run([...args, '--ticket', 'abcd'])
    assert.equal(bad.code, 1)
    assert.match(bad.err, /--ticket: 2 bytes, want 32/)
    const big = await run(['sealing', '--sector-size', '32GiB', '--storage-dir', dir])
    assert.equal(big.code, 1)
    assert.match(big.err, /not supported yet/)
  } finally {
    if (parentsEnv === undefined) delete process.env.FIL_PROOFS_PARENT_CACHE
    else process.env.FIL_PROOFS_PARENT_CACHE = parentsEnv
    rmSync(dir, { recursive: true, force: true })
    rmSync(direct.dir, { recursive: true, force: true })
  }
})
